// The load generator: undici (resolved from the proxy package) over keep-alive connections,
// a fresh submission body per request (every id is new, as idempotency requires) with a fresh
// form token from the form definition, as the widget sends it (each token is spent by one id;
// a server without tokens answers no token and the body goes without). Two shapes:
// a closed loop of N connections each sending as fast as answers come, and an open loop at a
// fixed rate whose latency counts from the moment a request was due (no coordinated omission).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { ORIGIN } from './children.mjs';
import { summarise } from './stats.mjs';

const require = createRequire(new URL('../../proxy/package.json', import.meta.url));
const { Pool } = require('undici');

export const SUBMIT_PATH = '/v1/forms/bench/submissions';
export const DEFINITION_PATH = '/v1/forms/bench';
const HEADERS = { 'content-type': 'application/json', origin: ORIGIN };

/** One valid submission of the bench form, with a new id and a matching unique e-mail. */
export function submissionBody(token) {
  const id = randomUUID();
  return JSON.stringify({ id, fields: { first_name: 'Bench', last_name: 'Lead', email: `lead-${id}@example.com` }, token });
}

/** A fresh form token from the definition; undefined from a server that issues none. */
async function fetchToken(pool) {
  const { statusCode, body } = await pool.request({ path: DEFINITION_PATH, method: 'GET', headers: { origin: ORIGIN } });
  if (statusCode !== 200) {
    await body.dump();
    return undefined;
  }
  return (await body.json()).token;
}

/**
 * Latency counts from `since`: by default once the token is in (the closed loop measures the
 * submission), or when an open-loop request was due (then the visitor's definition fetch counts).
 */
async function send(pool, record, since) {
  let started = since ?? performance.now();
  try {
    const token = await fetchToken(pool);
    if (since === undefined) started = performance.now();
    const { statusCode, body } = await pool.request({ path: SUBMIT_PATH, method: 'POST', headers: HEADERS, body: submissionBody(token) });
    await body.dump();
    record(statusCode, performance.now() - started);
  } catch {
    record(0, performance.now() - started);
  }
}

/** Latencies and statuses as they come; several runs may share one (then summarise it once). */
export function recorder() {
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
 * were sent (whichever comes first); `onProgress(sent)` is called after every answer. Answers go
 * into `into` when given (a recorder shared by several runs), else into a recorder of its own.
 */
export async function closedLoop(url, { connections, durationMs = Number.POSITIVE_INFINITY, amount = Number.POSITIVE_INFINITY, onProgress, into }) {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const rec = into ?? recorder();
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
