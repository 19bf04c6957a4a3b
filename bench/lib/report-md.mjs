// The results as Markdown: the machine, then one table per section that ran.
import { CONCURRENCY, FIXED_RATE } from '../sections/acceptance.mjs';
import { UPSTREAM_LATENCY_MS } from '../sections/drain.mjs';
import { PG_CONCURRENCY } from '../sections/postgres.mjs';
import { count, failures, mib, ms, ratio, seconds } from './format.mjs';

const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
const met = (ok) => (ok ? '**met**' : '**not met**');

function failureNotes(entries) {
  const notes = entries.filter(([, statuses]) => failures(statuses) !== '').map(([label, statuses]) => `${label}: ${failures(statuses)}`);
  return notes.length === 0 ? 'Every answer was 2xx.' : `Answers other than 2xx: ${notes.join('; ')}.`;
}

function machineSection(machine, options) {
  const load = machine.loadBefore.map((value) => value.toFixed(2)).join(', ');
  const rows = [
    ['date', machine.date],
    ['CPU', `${machine.cpu}, ${machine.cores} cores`],
    ['memory', `${machine.memoryGiB.toFixed(1)} GiB`],
    ['Node', machine.node],
    ['load average before the run (1, 5, 15 min)', load],
    ...machine.serves.flatMap((serve) => [
      [`${serve.label}: bin`, `\`${serve.bin}\` at ${serve.commit}`],
      [
        `${serve.label}: packages`,
        Object.entries(serve.versions)
          .map(([name, version]) => `${name} ${version}`)
          .join(', '),
      ],
    ]),
    [
      'run',
      `${options.quick ? '`--quick` smoke run' : 'full run'}: ${seconds(options.runMs)} per measurement after ${seconds(options.warmupMs)} warm-up; serve with \`LOG_LEVEL=${options.logLevel}\``,
    ],
  ];
  return table(['', ''], rows);
}

function throughputSection({ rows }) {
  const bare = rows[0];
  const serve = rows[2];
  return [
    '## Throughput and latency',
    'Each server forwards the same valid submissions (a fresh id each) to one local upstream answering `200 {"status":"success","_id":"…"}`; gleantap-capture `serve` runs every check, commits each lead before answering and delivers it inline. Every server runs throughout; each is measured in turn, in three interleaved rounds, and its figures are over all three. Each lead is two requests: the form definition (for its token), then the submission.',
    '',
    table(
      ['server', '50 connections: req/s', 'vs bare', 'p50', 'p99', '1 connection: req/s', 'vs bare', 'p50', 'p99'],
      rows.map((row) => [
        row.label,
        count(row.many.rps),
        ratio(row.many.rps, bare.many.rps),
        ms(row.many.p50),
        ms(row.many.p99),
        count(row.one.rps),
        ratio(row.one.rps, bare.one.rps),
        ms(row.one.p50),
        ms(row.one.p99),
      ]),
    ),
    '',
    serve ? `Goal: \`serve\` at 50 connections at least 50% of the bare pass-through's requests/s: ${met(serve.many.rps >= 0.5 * bare.many.rps)} (${ratio(serve.many.rps, bare.many.rps)}).` : '',
    failureNotes(
      rows.flatMap((row) => [
        [`${row.label} (50)`, row.many.statuses],
        [`${row.label} (1)`, row.one.statuses],
      ]),
    ),
  ].join('\n');
}

function acceptanceSection({ rows }) {
  const first = rows[0];
  const at100 = first.byConcurrency.find((entry) => entry.connections === 100);
  return [
    '## Durable acceptances',
    `201/202 answers a second (each lead committed before its answer) from 1, 10 and 100 concurrent clients, and latency at a fixed ${FIXED_RATE} submissions a second (measured from when each request was due).`,
    '',
    table(
      ['server', ...CONCURRENCY.flatMap((c) => [`${c} client${c === 1 ? '' : 's'}: acceptances/s`, 'p99']), `${FIXED_RATE}/s: p50`, 'p99', 'max'],
      rows.map((row) => [row.label, ...row.byConcurrency.flatMap((entry) => [count(entry.okPerSecond), ms(entry.p99)]), ms(row.fixed.p50), ms(row.fixed.p99), ms(row.fixed.max)]),
    ),
    '',
    `Goal: at least 1,000 acceptances/s with 100 clients: ${met(at100.okPerSecond >= 1000)}; p99 under 25 ms at ${FIXED_RATE}/s: ${met(first.fixed.p99 < 25)}.`,
    failureNotes(rows.flatMap((row) => [...row.byConcurrency.map((entry) => [`${row.label} (${entry.connections})`, entry.statuses]), [`${row.label} (${FIXED_RATE}/s)`, row.fixed.statuses]])),
  ].join('\n');
}

function rssSection({ rows }, options) {
  const capped = rows.filter((row) => row.load.requests < options.rssSubmissions).map((row) => row.label);
  return [
    '## Memory',
    'RSS of the `serve` process (`/proc/<pid>/status`) around submissions from 50 clients; growth is the least-squares slope of RSS over submissions after the first 10%.',
    '',
    table(
      ['server', 'submissions', 'took', 'before', 'at 10%', 'at 50%', 'peak', 'at the end', '3 s after', 'growth per submission'],
      rows.map((row) => [
        row.label,
        count(row.load.requests),
        seconds(row.load.elapsedMs),
        mib(row.before),
        mib(row.at10),
        mib(row.at50),
        mib(row.peak),
        mib(row.atEnd),
        mib(row.after),
        Number.isFinite(row.growth) ? `${row.growth.toFixed(1)} bytes` : '–',
      ]),
    ),
    '',
    capped.length === 0 ? '' : `Stopped at the time cap of ${seconds(options.rssCapMs)} before ${count(options.rssSubmissions)} submissions: ${capped.join(', ')}.`,
    failureNotes(rows.map((row) => [row.label, row.load.statuses])),
  ].join('\n');
}

function drainSection({ rows }) {
  return [
    '## Outbox drain',
    `Leads accepted while the sandbox Gleantap answered every call 500, then delivered by the outbox worker once it answers each call after ${UPSTREAM_LATENCY_MS} ms (default worker concurrency, backoff capped at 200 ms).`,
    '',
    table(
      ['server', 'queued (202)', 'delivered', 'took', 'leads/s delivered'],
      rows.map((row) => [row.label, count(row.queued), count(row.delivered), seconds(row.elapsedMs), count(row.perSecond)]),
    ),
    '',
    failureNotes(rows.map((row) => [row.label, Object.fromEntries(Object.entries(row.accepted).filter(([status]) => status !== '202'))])),
  ].join('\n');
}

function postgresSection({ rows }) {
  return [
    '## Durable acceptances on PostgreSQL',
    '201/202 answers a second (each lead committed before its answer) from 10 and 100 concurrent clients: two `serve` instances sharing one PostgreSQL 15 (`fsync` and `synchronous_commit` on) behind nginx running `deploy/nginx/compose-postgres.conf`, one instance on that PostgreSQL without nginx, and one instance on SQLite (its default store). Everything on this one machine: the instances, PostgreSQL, nginx, the upstream and the load generator share its cores.',
    '',
    table(
      ['store and instances', ...PG_CONCURRENCY.flatMap((c) => [`${c} clients: acceptances/s`, 'p50', 'p99'])],
      rows.map((row) => [row.label, ...row.byConcurrency.flatMap((entry) => [count(entry.okPerSecond), ms(entry.p50), ms(entry.p99)])]),
    ),
    '',
    failureNotes(rows.flatMap((row) => row.byConcurrency.map((entry) => [`${row.label} (${entry.connections})`, entry.statuses]))),
  ].join('\n');
}

const SECTIONS = { throughput: throughputSection, acceptance: acceptanceSection, rss: rssSection, drain: drainSection, postgres: postgresSection };

export function renderMarkdown({ machine, results, options, note }) {
  return [
    '# Gleantap Capture benchmarks',
    '',
    `Written by \`pnpm bench\` (\`node bench/run.mjs\`). ${note}`,
    '',
    machineSection(machine, options),
    // A section's optional lines render as '' when they do not apply.
    ...Object.entries(results).map(([name, result]) => `\n${SECTIONS[name](result, options).replace(/\n{3,}/g, '\n\n')}`),
    '',
  ].join('\n');
}
