// Durable acceptances against an in-process proxy and sandbox Gleantap (both on loopback), at
// concurrency 1, 10 and 100: acceptances/s, p50 and p99. A development measurement of the hot
// path, not a benchmark (see bench/): `npx tsx scripts/measure-acceptances.ts [count] [--store]`.
// `--store` times the store's admissions alone (no HTTP, no delivery): concurrency 1 is one
// commit per admission, higher concurrency shows what group commit makes of it.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { createAdmitQueries } from '../src/store/admit-queries.ts';
import { openStore } from '../src/store/open-store.ts';
import { SITE_ORIGIN, startHarness, tempDataDir } from '../src/testing/harness.ts';
import { lead } from '../src/testing/outbox-fixtures.ts';

const count = Number(process.argv[2] ?? 1_000);
const storeOnly = process.argv.includes('--store');
const harness = await startHarness();
const opened = openStore({ dataDir: tempDataDir(), mode: 'serve' });
if (!opened.ok) throw new Error(opened.problem);
const admissions = createAdmitQueries(opened.store.db);
const pool = new Pool(harness.proxy.url, { connections: 100 });
const headers = { 'content-type': 'application/json', origin: SITE_ORIGIN };

async function one(tag: number): Promise<number> {
  const started = performance.now();
  if (storeOnly) {
    const id = `lead-${tag}-${started}`;
    const nowMs = Date.now();
    const common = { owner: 'o', leaseUntil: nowMs, answerDueUntil: nowMs, nextAttemptAt: nowMs, nowMs };
    await admissions.admit({
      ...common,
      key: { formId: 'default', id },
      fingerprint: id,
      contact: { app_id: 'a', email: `${id}@example.com` },
      optin: undefined,
      apiKeyEnv: 'A',
      secretKeyEnv: 'S',
      start: 'queue',
    });
    return performance.now() - started;
  }
  const response = await pool.request({ path: '/v1/forms/default/submissions', method: 'POST', headers, body: JSON.stringify(lead(tag)) });
  await response.body.text();
  if (response.statusCode !== 201 && response.statusCode !== 202) throw new Error(`answer ${response.statusCode}`);
  return performance.now() - started;
}

async function run(concurrency: number): Promise<string> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        latencies.push(await one(next));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
  return `c=${concurrency}\t${Math.round(count / seconds)}/s\tp50 ${at(0.5)} ms\tp99 ${at(0.99)} ms`;
}

try {
  await run(10); // warm-up
  for (const concurrency of [1, 10, 100]) console.log(await run(concurrency));
} finally {
  await pool.close();
  await harness.close();
  opened.store.close();
}
