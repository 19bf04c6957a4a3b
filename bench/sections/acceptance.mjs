// 2. Durable acceptances a second (201/202 answers: each committed before its answer) at 1, 10
// and 100 concurrent clients, and the latency at a fixed 200 submissions a second.
import { startServe } from '../lib/children.mjs';
import { BENCH_FORMS_FILE } from '../lib/forms-file.mjs';
import { closedLoop, fixedRate } from '../lib/load.mjs';

export const CONCURRENCY = [1, 10, 100];
export const FIXED_RATE = 200;

export async function acceptance(ctx) {
  const rows = [];
  for (const [index, serve] of ctx.serves.entries()) {
    const running = await startServe(ctx.workDir, `serve-acceptance-${index}`, serve.bin, { upstreamUrl: ctx.upstream.url, formsFile: BENCH_FORMS_FILE, logLevel: ctx.logLevel });
    try {
      ctx.progress(`acceptance: ${serve.label}`);
      await closedLoop(running.url, { connections: 10, durationMs: ctx.warmupMs });
      const byConcurrency = [];
      for (const connections of CONCURRENCY) byConcurrency.push({ connections, ...(await closedLoop(running.url, { connections, durationMs: ctx.runMs })) });
      const fixed = await fixedRate(running.url, { rate: FIXED_RATE, durationMs: ctx.runMs });
      rows.push({ label: serve.label, byConcurrency, fixed });
    } finally {
      await running.stop();
    }
  }
  return { rows };
}
