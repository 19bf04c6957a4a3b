// The widget benchmark: the compressed size of the served widget.js beside alternatives from
// npm measured the same way, and script-to-interactive time in Chromium with the requests made.
// Writes bench/widget/results.md and prints it. Loopback only; stops everything it starts.
//
//   node bench/widget/run.mjs [--loads 25] [--warmups 2]   (or `npx -y pnpm@10 bench:widget`)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os, { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM_PATH, measureLoads, percentile } from './interactive.mjs';
import { served } from './served.mjs';
import { alternatives, compressedSizes, ESBUILD_VERSION } from './sizes.mjs';
import { startStack } from './stack.mjs';

const { values } = parseArgs({ options: { loads: { type: 'string', default: '25' }, warmups: { type: 'string', default: '2' } } });
const LOADS = Number(values.loads);
const WARMUPS = Number(values.warmups);
if (!Number.isInteger(LOADS) || LOADS < 1 || !Number.isInteger(WARMUPS) || WARMUPS < 0) throw new Error('--loads must be ≥ 1 and --warmups ≥ 0');

const ROOT = new URL('../../', import.meta.url);
const DIST = fileURLToPath(new URL('widget/dist/widget.js', ROOT));
const version = (dir) => JSON.parse(readFileSync(new URL(`${dir}/package.json`, ROOT), 'utf8')).version;

const loadBefore = os.loadavg()[0].toFixed(2);
const stack = await startStack();
let widget;
let loads;
try {
  const [identity, gzip, brotli] = await Promise.all(['identity', 'gzip', 'br'].map((encoding) => served(`${stack.proxyUrl}/widget.js`, encoding)));
  if (identity.status !== 200 || identity.encoding !== 'identity') throw new Error(`GET /widget.js answered ${identity.status} (${identity.encoding})`);
  widget = {
    ...compressedSizes(identity.bytes),
    sameAsDist: identity.bytes.equals(readFileSync(DIST)),
    wire: { gzip: gzip.encoding === 'gzip' ? gzip.bytes.length : undefined, brotli: brotli.encoding === 'br' ? brotli.bytes.length : undefined },
  };
  loads = await measureLoads({ url: stack.hostUrl, loads: LOADS, warmups: WARMUPS });
} finally {
  await stack.stop();
}
const others = await alternatives();

const n = (value) => (value === undefined ? '—' : value.toLocaleString('en-US'));
const ms = (value) => `${Math.round(value)} ms`;
const toReady = loads.samples.map((sample) => sample.at);
const resource = (sample, suffix) => {
  const found = sample.resources.find((entry) => new URL(entry.url).pathname.endsWith(suffix));
  if (found === undefined) throw new Error(`no request for ${suffix} before ready`);
  return found;
};
// Where the time goes, per load: host page → script request, script download, script run →
// definition request, definition answer, render → ready.
const phases = [
  ['navigation start → `widget.js` requested (host page)', (s) => resource(s, '/widget.js').start],
  ['`widget.js` requested → received', (s) => resource(s, '/widget.js').end - resource(s, '/widget.js').start],
  ['`widget.js` received → definition requested (parse, run)', (s) => resource(s, '/v1/forms/trial').start - resource(s, '/widget.js').end],
  ['definition requested → received (proxy)', (s) => resource(s, '/v1/forms/trial').end - resource(s, '/v1/forms/trial').start],
  ['definition received → `gleantap:ready` (render)', (s) => s.at - resource(s, '/v1/forms/trial').end],
  ['`widget.js` requested → `gleantap:ready`', (s) => s.at - resource(s, '/widget.js').start],
].map(([name, of]) => [name, loads.samples.map(of)]);
const row = (name, values, bold = false) => {
  const b = (text) => (bold ? `**${text}**` : text);
  return `| ${name} | ${b(ms(percentile(values, 50)))} | ${b(ms(percentile(values, 90)))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`;
};
const enabled = loads.samples.filter((sample) => sample.inputEnabled).length;
const path = (url) => new URL(url).pathname;
const requestShapes = new Map();
for (const sample of loads.samples) {
  const shape = sample.resources.map((resource) => `GET ${path(resource.url)}`).join(', ');
  requestShapes.set(shape, (requestShapes.get(shape) ?? 0) + 1);
}
const playwrightCounts = new Map();
for (const sample of loads.samples) {
  // The document itself aside: what the page requested after it.
  const count = sample.requests.filter((request) => request.type !== 'document').length;
  playwrightCounts.set(count, (playwrightCounts.get(count) ?? 0) + 1);
}
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: fileURLToPath(ROOT), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

const markdown = `# Widget benchmark

Written by \`npx -y pnpm@10 bench:widget\` (\`node bench/widget/run.mjs --loads ${LOADS} --warmups ${WARMUPS}\`) on ${new Date().toISOString()}, commit ${commit}.
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; Chromium ${loads.chromiumVersion} (\`${CHROMIUM_PATH}\`); widget ${version('widget')}, proxy ${version('proxy')}.

## Size

Every file is compressed the same way: gzip level 9 and brotli quality 11 of the bytes a
browser downloads (what the proxy does for \`widget.js\`), nothing else. Bytes.

| script | file measured | raw | gzip -9 | brotli -11 |
|---|---|---:|---:|---:|
| **gleantap-capture widget ${version('widget')}** | \`GET /widget.js\` from a running \`serve\`${widget.sameAsDist ? ' (byte-identical to `widget/dist/widget.js`)' : ' (**differs** from `widget/dist/widget.js`)'} | ${n(widget.raw)} | **${n(widget.gzip)}** | **${n(widget.brotli)}** |
${others.map((other) => `| ${other.name} ${other.version}${other.extra ?? ''} | \`${other.file}\` | ${n(other.raw)} | ${n(other.gzip)} | ${n(other.brotli)} |`).join('\n')}

On the wire the proxy answered \`GET /widget.js\` with ${n(widget.wire.gzip)} bytes for \`Accept-Encoding: gzip\` and ${n(widget.wire.brotli)} for \`br\` (its start-up compression, same settings).

What each alternative's figure is, and is not:
${others.map((other) => `- **${other.name}${other.extra ?? ''}**: ${other.how}. ${other.note[0].toUpperCase()}${other.note.slice(1)}.`).join('\n')}

The widget's figure is the whole cost of a working form (renderer, validation, styles,
built-in messages; the form's definition is a separate small JSON request). The alternatives' figures are
only their first script: Typeform's form lives in an iframe from Typeform's servers, Formbricks
loads its real SDK and survey state from a Formbricks server, Formspree's script renders no form.
esbuild ${ESBUILD_VERSION} (the workspace's) bundled the one ESM entry.

## Script-to-interactive in Chromium

A host page on one loopback origin (\`http://127.0.0.1:<port>/\`, the owner's snippet
\`<script src=".../widget.js" data-form="trial" async>\`) and a real \`gleantap-capture serve\`
child process on another, forwarding to the sandbox Gleantap (a child process too), with a
minimal forms file (one \`trial\` form: first name, last name, email, phone). Headless Chromium,
one fresh browser context per load (empty HTTP cache, no cookies), ${WARMUPS} warm-up load${WARMUPS === 1 ? '' : 's'} discarded, then ${LOADS}.
Timed in the page: from navigation start (\`performance.now()\`'s origin) to the widget's
\`gleantap:ready\` event (fired once the form has rendered).

| measure (${LOADS} loads) | median | p90 | min | max |
|---|---:|---:|---:|---:|
${row('**navigation start → `gleantap:ready`**', toReady, true)}
${phases.map(([name, values]) => row(name, values)).join('\n')}

The phases are each measured per load, so their medians need not add up to the total's.
Load average (1 min) before and after the run: ${loadBefore} / ${os.loadavg()[0].toFixed(2)} on ${cpus().length} cores shared with other work.

The first input in the shadow root was enabled at \`gleantap:ready\` in ${enabled} of ${LOADS} loads.
Requests the page made before interactive (Resource Timing at \`gleantap:ready\`, the page's own document aside):
${[...requestShapes].map(([shape, count]) => `- ${shape.split(', ').length} requests — ${shape} — in ${count} of ${LOADS} loads`).join('\n')}

Playwright's own count of requests after the document, read just after \`ready\`: ${[...playwrightCounts].map(([count, times]) => `${count} in ${times} of ${LOADS} loads`).join('; ')}.
Percentiles are nearest-rank. Loopback numbers: they measure the browser and the proxy, not a network.

No alternative was timed in the browser: none can reach "interactive" offline on loopback.
Typeform's embed opens an iframe of form.typeform.com; Formbricks' loader needs a Formbricks
server for its SDK and survey state; Formspree's script enhances a form already in the page's
HTML, so there is no load-to-interactive of its own to compare.
`;

writeFileSync(new URL('results.md', import.meta.url), markdown);
process.stdout.write(markdown);
