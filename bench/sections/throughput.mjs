// 1. Throughput and latency side by side: the bare pass-through, the naive Express proxy and
// each `serve` under test, all running at once against the same upstream, measured in turn in
// interleaved rounds (so a machine that speeds up or slows down during the run weighs on every
// server alike), at 50 connections and at 1 connection; ratios against the bare pass-through.
import { startScript, startServe } from '../lib/children.mjs';
import { BENCH_FORMS_FILE } from '../lib/forms-file.mjs';
import { closedLoop, recorder } from '../lib/load.mjs';
import { summarise } from '../lib/stats.mjs';

const SERVERS = new URL('../servers/', import.meta.url);
const ROUNDS = 3;
const SHAPES = [
  ['many', 50],
  ['one', 1],
];

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
  const running = [];
  try {
    for (const server of servers) {
      const started = await server.start();
      running.push({ label: server.label, started, many: { into: recorder(), elapsedMs: 0 }, one: { into: recorder(), elapsedMs: 0 } });
    }
    for (const server of running) {
      ctx.progress(`throughput: warm-up of ${server.label}`);
      await closedLoop(server.started.url, { connections: 50, durationMs: ctx.warmupMs });
    }
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const server of running) {
        ctx.progress(`throughput: ${server.label}, round ${round} of ${ROUNDS}`);
        for (const [shape, connections] of SHAPES) {
          const measured = await closedLoop(server.started.url, { connections, durationMs: ctx.runMs / ROUNDS, into: server[shape].into });
          server[shape].elapsedMs += measured.elapsedMs;
        }
      }
    }
    return {
      rows: running.map((server) => ({
        label: server.label,
        many: summarise(server.many.into, server.many.elapsedMs),
        one: summarise(server.one.into, server.one.elapsedMs),
      })),
    };
  } finally {
    await Promise.all(running.map((server) => server.started.stop()));
  }
}
