// The results as a self-contained SVG: one panel of horizontal bars per section, each bar
// labelled with its value. Hand-written SVG text, no chart library.
import { CONCURRENCY } from '../sections/acceptance.mjs';
import { PG_CONCURRENCY } from '../sections/postgres.mjs';
import { count } from './format.mjs';

const WIDTH = 900;
const LABEL_WIDTH = 330;
const BAR = 16;
const GAP = 4;
const COLOURS = ['#2563eb', '#f59e0b', '#10b981', '#8b5cf6'];

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
}

const plain = (label) => label.replaceAll('`', '');

function panels(results) {
  const out = [];
  if (results.throughput) {
    out.push({
      title: 'Throughput, requests/s (higher is better)',
      series: ['50 connections', '1 connection'],
      groups: results.throughput.rows.map((row) => ({ label: plain(row.label), values: [row.many.rps, row.one.rps] })),
    });
  }
  if (results.acceptance) {
    out.push({
      title: 'Durable acceptances/s by concurrent clients',
      series: CONCURRENCY.map((c) => `${c} client${c === 1 ? '' : 's'}`),
      groups: results.acceptance.rows.map((row) => ({ label: plain(row.label), values: row.byConcurrency.map((entry) => entry.okPerSecond) })),
    });
  }
  if (results.rss) {
    out.push({
      title: 'RSS of serve, MiB',
      series: ['before', 'peak', '3 s after'],
      groups: results.rss.rows.map((row) => ({ label: `${plain(row.label)} (${count(row.load.requests)} submissions)`, values: [row.before, row.peak, row.after].map((b) => b / 2 ** 20) })),
    });
  }
  if (results.drain) {
    out.push({
      title: 'Outbox drain, leads/s delivered (upstream answers after 100 ms)',
      series: ['leads/s'],
      groups: results.drain.rows.map((row) => ({ label: plain(row.label), values: [row.perSecond] })),
    });
  }
  if (results.postgres) {
    out.push({
      title: 'Durable acceptances/s, PostgreSQL (fsync on) and SQLite',
      series: PG_CONCURRENCY.map((c) => `${c} clients`),
      groups: results.postgres.rows.map((row) => ({ label: plain(row.label), values: row.byConcurrency.map((entry) => entry.okPerSecond) })),
    });
  }
  return out;
}

function renderPanel(panel, top) {
  const max = Math.max(1, ...panel.groups.flatMap((group) => group.values.filter(Number.isFinite)));
  const scale = (WIDTH - LABEL_WIDTH - 90) / max;
  const parts = [`<text x="10" y="${top + 16}" font-weight="bold">${escapeXml(panel.title)}</text>`];
  let y = top + 26;
  // The legend names the series by colour.
  panel.series.forEach((name, i) => {
    const x = LABEL_WIDTH + i * 130;
    parts.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${COLOURS[i]}"/><text x="${x + 16}" y="${y + 11}">${escapeXml(name)}</text>`);
  });
  y += 20;
  for (const group of panel.groups) {
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + BAR - 3}" text-anchor="end">${escapeXml(group.label)}</text>`);
    group.values.forEach((value, i) => {
      const width = Number.isFinite(value) ? Math.max(1, value * scale) : 0;
      parts.push(`<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" fill="${COLOURS[i]}"/>`);
      parts.push(`<text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${y + BAR - 3}">${escapeXml(Number.isFinite(value) ? count(value) : '–')}</text>`);
      y += BAR + GAP;
    });
    y += 8;
  }
  return { svg: parts.join('\n'), bottom: y + 10 };
}

export function renderSvg({ machine, results }) {
  let y = 10;
  const body = [`<text x="10" y="${y + 14}" font-size="15" font-weight="bold">Gleantap Capture benchmarks, ${escapeXml(machine.date.slice(0, 10))}</text>`];
  body.push(
    `<text x="10" y="${y + 32}" fill="#555">${escapeXml(`${machine.cpu}, ${machine.cores} cores · Node ${machine.node} · load before ${machine.loadBefore.map((v) => v.toFixed(2)).join(' ')}`)}</text>`,
  );
  y += 46;
  for (const panel of panels(results)) {
    const drawn = renderPanel(panel, y);
    body.push(drawn.svg);
    y = drawn.bottom;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(`Gleantap Capture benchmarks, ${machine.date.slice(0, 10)}`)}</title>`,
    `<rect width="${WIDTH}" height="${y}" fill="#fff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
