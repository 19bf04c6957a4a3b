// 1. Throughput and latency side by side: the bare pass-through, the naive Express proxy and
// each `serve` under test, one after the other against the same upstream, at 50 connections
// and at 1 connection; ratios against the bare pass-through of the same run.
import { startScript, startServe } from '../lib/children.mjs';
import { BENCH_FORMS_FILE } from '../lib/forms-file.mjs';
import { closedLoop } from '../lib/load.mjs';

const SERVERS = new URL('../servers/', import.meta.url);

export async function throughput(ctx) {
  const upstreamEnv = { UPSTREAM_URL: ctx.upstream.url };
  const servers = [
    { label: 'bare `node:http` pass-through, no checks', start: () => startScript(ctx.workDir, 'bare', new URL('bare-pass-through.mjs', SERVERS).pathname, upstreamEnv) },
    { label: 'naive Express (`express.json` + `fetch`, no checks)', start: () => startScript(ctx.workDir, 'express', new URL('naive-express.mjs', SERVERS).pathname, upstreamEnv) },
    ...ctx.serves.map((serve, index) => ({
      label: serve.label,
      start: () => startServe(ctx.workDir, `serve-throughput-${index}`, serve.bin, { upstreamUrl: ctx.upstream.url, formsFile: BENCH_FORMS_FILE, logLevel: ctx.logLevel }),
    })),
  ];
  const rows = [];
  for (const server of servers) {
    const running = await server.start();
    try {
      ctx.progress(`throughput: ${server.label}`);
      await closedLoop(running.url, { connections: 50, durationMs: ctx.warmupMs });
      const many = await closedLoop(running.url, { connections: 50, durationMs: ctx.runMs });
      const one = await closedLoop(running.url, { connections: 1, durationMs: ctx.runMs });
      rows.push({ label: server.label, many, one });
    } finally {
      await running.stop();
    }
  }
  return { rows };
}
