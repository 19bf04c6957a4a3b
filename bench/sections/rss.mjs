// 3. Memory over many submissions: the `serve` child's RSS (from /proc) before, while and after
// it accepts N submissions from 50 clients, and the growth per submission (least-squares slope
// of RSS over submissions after the first 10%, so start-up allocation does not count as growth).
import { rssBytes, startServe } from '../lib/children.mjs';
import { BENCH_FORMS_FILE } from '../lib/forms-file.mjs';
import { closedLoop } from '../lib/load.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Slope of y over x by least squares (bytes per submission), NaN with fewer than two points. */
export function slope(points) {
  if (points.length < 2) return Number.NaN;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? Number.NaN : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

export async function rss(ctx) {
  const rows = [];
  for (const [index, serve] of ctx.serves.entries()) {
    const running = await startServe(ctx.workDir, `serve-rss-${index}`, serve.bin, { upstreamUrl: ctx.upstream.url, formsFile: BENCH_FORMS_FILE, logLevel: ctx.logLevel });
    try {
      ctx.progress(`rss: ${serve.label}, ${ctx.rssSubmissions} submissions`);
      await sleep(1000);
      const before = rssBytes(running.pid);
      let answered = 0;
      const samples = [];
      const sampler = setInterval(() => samples.push({ x: answered, y: rssBytes(running.pid) }), 250);
      const load = await closedLoop(running.url, {
        connections: 50,
        amount: ctx.rssSubmissions,
        durationMs: ctx.rssCapMs,
        onProgress: (count) => {
          answered = count;
        },
      });
      clearInterval(sampler);
      const atEnd = rssBytes(running.pid);
      await sleep(3000);
      const after = rssBytes(running.pid);
      const sampleAt = (share) => samples.find((s) => s.x >= share * load.requests)?.y ?? Number.NaN;
      const growth = slope(samples.filter((s) => s.x >= 0.1 * load.requests));
      rows.push({ label: serve.label, load, before, at10: sampleAt(0.1), at50: sampleAt(0.5), peak: Math.max(before, atEnd, ...samples.map((s) => s.y)), atEnd, after, growth });
    } finally {
      await running.stop();
    }
  }
  return { rows };
}
