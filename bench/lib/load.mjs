// The load generator: undici (resolved from the proxy package) over keep-alive connections,
// a fresh submission body per request (every id is new, as idempotency requires). Two shapes:
// a closed loop of N connections each sending as fast as answers come, and an open loop at a
// fixed rate whose latency counts from the moment a request was due (no coordinated omission).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { ORIGIN } from './children.mjs';
import { summarise } from './stats.mjs';

const require = createRequire(new URL('../../proxy/package.json', import.meta.url));
const { Pool } = require('undici');

export const SUBMIT_PATH = '/v1/forms/bench/submissions';
const HEADERS = { 'content-type': 'application/json', origin: ORIGIN };

/** One valid submission of the bench form, with a new id and a matching unique e-mail. */
export function submissionBody() {
  const id = randomUUID();
  return JSON.stringify({ id, fields: { first_name: 'Bench', last_name: 'Lead', email: `lead-${id}@example.com` } });
}

/** Latency counts from `since`: now, or when an open-loop request was due. */
async function send(pool, record, since = performance.now()) {
  const started = since;
  try {
    const { statusCode, body } = await pool.request({ path: SUBMIT_PATH, method: 'POST', headers: HEADERS, body: submissionBody() });
    await body.dump();
    record(statusCode, performance.now() - started);
  } catch {
    record(0, performance.now() - started);
  }
}

function recorder() {
  const latencies = [];
  const statuses = {};
  return {
    latencies,
    statuses,
    record(status, ms) {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    },
  };
}

/**
 * `connections` clients each sending back-to-back until `durationMs` passed or `amount` requests
 * were sent (whichever comes first); `onProgress(sent)` is called after every answer.
 */
export async function closedLoop(url, { connections, durationMs = Number.POSITIVE_INFINITY, amount = Number.POSITIVE_INFINITY, onProgress }) {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const rec = recorder();
  let sent = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async () => {
    while (sent < amount && performance.now() < deadline) {
      sent += 1;
      await send(pool, rec.record);
      onProgress?.(rec.latencies.length);
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  const elapsedMs = performance.now() - started;
  await pool.close();
  return summarise(rec, elapsedMs);
}

/** Sends `rate` requests a second for `durationMs`, each on time whether or not earlier ones answered. */
export async function fixedRate(url, { rate, durationMs, connections = 100 }) {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const rec = recorder();
  const total = Math.round((rate * durationMs) / 1000);
  const started = performance.now();
  const inFlight = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(pool, rec.record, due));
  }
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - started;
  await pool.close();
  return summarise(rec, elapsedMs);
}
