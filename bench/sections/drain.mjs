// 4. Outbox drain: N leads accepted (202) while the sandbox Gleantap refuses every call, then the
// sandbox heals into one answering each call after 100 ms; leads a second from the switch until
// the sandbox holds all N contacts.
import { startServe } from '../lib/children.mjs';
import { BENCH_FORMS_FILE } from '../lib/forms-file.mjs';
import { closedLoop } from '../lib/load.mjs';

export const UPSTREAM_LATENCY_MS = 100;

async function control(sandbox, method, path, body) {
  const response = await fetch(`${sandbox.url}/_sandbox/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status}`);
  return response.json();
}

export async function drain(ctx) {
  const rows = [];
  for (const [index, serve] of ctx.serves.entries()) {
    await control(ctx.sandbox, 'DELETE', 'contacts');
    await control(ctx.sandbox, 'POST', 'faults', { mode: 'error', status: 500 });
    const running = await startServe(ctx.workDir, `serve-drain-${index}`, serve.bin, { upstreamUrl: ctx.sandbox.url, formsFile: BENCH_FORMS_FILE, logLevel: ctx.logLevel });
    try {
      ctx.progress(`drain: ${serve.label}, ${ctx.drainLeads} leads`);
      const load = await closedLoop(running.url, { connections: 10, amount: ctx.drainLeads });
      const queued = load.statuses[202] ?? 0;
      const healed = performance.now();
      await control(ctx.sandbox, 'POST', 'faults', { mode: 'slow', delayMs: UPSTREAM_LATENCY_MS });
      let delivered = 0;
      while (delivered < queued && performance.now() - healed < ctx.drainCapMs) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        delivered = (await control(ctx.sandbox, 'GET', 'contacts')).length;
      }
      const elapsedMs = performance.now() - healed;
      rows.push({ label: serve.label, accepted: load.statuses, queued, delivered, elapsedMs, perSecond: delivered / (elapsedMs / 1000) });
    } finally {
      await running.stop();
      await control(ctx.sandbox, 'DELETE', 'faults');
    }
  }
  return { rows };
}
