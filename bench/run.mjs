// `pnpm bench`: throughput and latency of gleantap-capture `serve` beside a bare node:http
// pass-through and a naive Express proxy, durable acceptances at 1/10/100 clients and at a fixed
// rate, RSS over many submissions, and the outbox drain. Loopback only; every run is bounded in
// count and time and stops by itself. Writes <out>/latest.md and latest.svg and prints the table.
//
//   node bench/run.mjs [--only throughput,acceptance,rss,drain,postgres] [--quick] [--duration 10]
//                      [--submissions 100000] [--leads 1000] [--proxy-bin <bin>] [--before <bin>]
//                      [--label <text>] [--note <text with {load}>] [--log-level warn] [--out bench/results]
//   node bench/run.mjs --render bench/results/latest.json   (writes the .md and .svg again, measures nothing)
//
// --proxy-bin runs another build's `gleantap-capture` as the server under test; --before adds
// one as a second `serve`, measured in the same run (before vs after, side by side). A build of
// another commit, e.g. (dist/ bundles shared/, so the proxy folder and its node_modules suffice):
//   git worktree add /tmp/before <commit> && (cd /tmp/before && npx -y pnpm@10 install && npx -y pnpm@10 build)
//   node bench/run.mjs --before /tmp/before/proxy/bin/gleantap-capture.js
// --quick is a smoke run of a few seconds per measurement, written to <out>/quick.md and .svg.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAll, startSandbox, startScript } from './lib/children.mjs';
import { describeMachine } from './lib/machine.mjs';
import { renderMarkdown } from './lib/report-md.mjs';
import { renderSvg } from './lib/report-svg.mjs';
import { acceptance } from './sections/acceptance.mjs';
import { drain } from './sections/drain.mjs';
import { postgres } from './sections/postgres.mjs';
import { rss } from './sections/rss.mjs';
import { throughput } from './sections/throughput.mjs';

const SECTIONS = { throughput, acceptance, rss, drain, postgres };
// `postgres` needs PostgreSQL 15 and nginx on the machine: only run when asked for by name.
const DEFAULT_SECTIONS = ['throughput', 'acceptance', 'rss', 'drain'];
const HERE = fileURLToPath(new URL('.', import.meta.url));
const OWN_BIN = fileURLToPath(new URL('../proxy/bin/gleantap-capture.js', import.meta.url));

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: DEFAULT_SECTIONS.join(',') },
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    submissions: { type: 'string' },
    leads: { type: 'string' },
    'proxy-bin': { type: 'string', default: OWN_BIN },
    before: { type: 'string' },
    label: { type: 'string', default: 'gleantap-capture `serve`' },
    note: { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    out: { type: 'string', default: join(HERE, 'results') },
    keep: { type: 'boolean', default: false },
    render: { type: 'string' },
  },
});

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** Writes <base>.md and <base>.svg (and the raw figures as <base>.json) and prints the table. */
function write(base, report) {
  const markdown = renderMarkdown(report);
  // Arrays of numbers on one line, as the repository's formatter writes JSON.
  const json = JSON.stringify(report, null, 2).replace(/\[\s+([-\d.e+,\s]+?)\s+\]/g, (_, inner) => `[${inner.split(/,\s+/).join(', ')}]`);
  writeFileSync(`${base}.json`, `${json}\n`);
  writeFileSync(`${base}.md`, markdown);
  writeFileSync(`${base}.svg`, renderSvg(report));
  process.stdout.write(`${markdown}\nwritten: ${base}.md, ${base}.svg, ${base}.json\n`);
}

if (values.render !== undefined) {
  const file = resolve(values.render);
  write(file.replace(/\.json$/, ''), JSON.parse(readFileSync(file, 'utf8')));
  process.exit(0);
}

const only = values.only.split(',').map((name) => name.trim());
for (const name of only) if (!(name in SECTIONS)) fail(`unknown section "${name}" (one of ${Object.keys(SECTIONS).join(', ')})`);
const number = (flag, fallback) => {
  const value = values[flag] === undefined ? fallback : Number(values[flag]);
  if (!Number.isFinite(value) || value <= 0) fail(`--${flag} must be a positive number`);
  return value;
};
const serves = [{ label: values.label, bin: resolve(values['proxy-bin']) }];
if (values.before !== undefined) serves.push({ label: 'gleantap-capture `serve` (before)', bin: resolve(values.before) });
for (const serve of [...serves, { bin: OWN_BIN }]) {
  if (!existsSync(serve.bin)) fail(`no such bin: ${serve.bin}`);
  if (!existsSync(join(serve.bin, '..', '..', 'dist', 'cli.js'))) fail(`${serve.bin} is not built: run \`npx -y pnpm@10 build\` in its checkout`);
}

const quick = values.quick;
const runMs = number('duration', quick ? 2 : 10) * 1000;
const options = {
  quick,
  runMs,
  warmupMs: quick ? 500 : 2000,
  logLevel: values['log-level'],
  rssSubmissions: number('submissions', quick ? 5000 : 100_000),
  rssCapMs: quick ? 60_000 : 600_000,
  drainLeads: number('leads', quick ? 100 : 1000),
  drainCapMs: quick ? 60_000 : 300_000,
};

const machine = describeMachine(serves);
const workDir = mkdtempSync(join(tmpdir(), 'gc-bench-'));
process.once('SIGINT', () => {
  killAll();
  process.exit(130);
});

const started = performance.now();
const progress = (what) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${what}\n`);
const results = {};
let upstream;
let sandbox;
try {
  upstream = await startScript(workDir, 'upstream', join(HERE, 'servers', 'upstream.mjs'));
  if (only.includes('drain')) sandbox = await startSandbox(workDir, OWN_BIN);
  const ctx = { ...options, workDir, serves, upstream, sandbox, progress };
  for (const name of Object.keys(SECTIONS)) if (only.includes(name)) results[name] = await SECTIONS[name](ctx);
} catch (error) {
  killAll();
  process.stderr.write(`bench: ${error.stack ?? error}\nlogs kept in ${workDir}\n`);
  process.exit(1);
}
await upstream?.stop();
await sandbox?.stop();
if (!values.keep) rmSync(workDir, { recursive: true, force: true });

const load = machine.loadBefore.map((value) => value.toFixed(2)).join(', ');
// `{load}` in --note stands for the load average before the run.
const note = (values.note ?? 'The load average before the run was {load} on a machine with {cores} cores; figures from a machine doing other work are preliminary.')
  .replaceAll('{load}', load)
  .replaceAll('{cores}', String(machine.cores));
const report = { machine, results, options, note: `${note} The whole run took ${((performance.now() - started) / 1000).toFixed(0)} s.` };
mkdirSync(values.out, { recursive: true });
// A PostgreSQL-only run has results of its own, beside (not over) the default run's latest.*.
const base = quick ? 'quick' : only.length === 1 && only[0] === 'postgres' ? 'postgres' : 'latest';
write(join(values.out, base), report);
