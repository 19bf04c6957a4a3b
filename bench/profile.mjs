// Profiles one `serve` under the throughput section's load: starts the upstream and `serve`
// with V8's CPU profiler (lib/profile-hook.mjs), drives 50 keep-alive connections for a 2 s
// warm-up and then the given seconds with the profiler on, and prints the top functions by self
// and by inclusive time (wall-clock samples: time blocked in a system call counts as the
// caller's self time). `node bench/profile.mjs [--bin <gleantap-capture.js>] [--seconds 10] [--connections 50]`

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, KEYS, startScript } from './lib/children.mjs';
import { BENCH_FORMS_FILE } from './lib/forms-file.mjs';
import { closedLoop } from './lib/load.mjs';

const { values } = parseArgs({
  options: {
    bin: { type: 'string', default: new URL('../proxy/bin/gleantap-capture.js', import.meta.url).pathname },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '30' },
  },
});
const workDir = mkdtempSync(join(tmpdir(), 'gleantap-profile-'));
const upstream = await startScript(workDir, 'upstream', new URL('servers/upstream.mjs', import.meta.url).pathname);
const dir = join(workDir, 'serve');
mkdirSync(dir);
writeFileSync(join(dir, 'forms.json'), JSON.stringify(BENCH_FORMS_FILE));
const port = await freePort();
const profilePath = join(workDir, 'serve.cpuprofile');
const WARMUP_MS = 2_000;
const child = spawn(process.execPath, ['--import', new URL('lib/profile-hook.mjs', import.meta.url).pathname, values.bin, 'serve'], {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PROFILE_OUT: profilePath,
    ...KEYS,
    GLEANTAP_APP_ID: 'bench-app',
    GLEANTAP_BASE_URL: upstream.url,
    CAPTURE_CONFIG: join(dir, 'forms.json'),
    DATA_DIR: join(dir, 'data'),
    HOST: '127.0.0.1',
    PORT: String(port),
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
  },
  stdio: 'ignore',
});
const exited = new Promise((resolve) => child.once('exit', resolve));
const url = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${url}/healthz`)).status === 200) break;
  } catch {}
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await closedLoop(url, { connections: Number(values.connections), durationMs: WARMUP_MS });
child.kill('SIGUSR2');
const result = await closedLoop(url, { connections: Number(values.connections), durationMs: Number(values.seconds) * 1000 });
console.log(`load: ${Math.round(result.rps)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, statuses ${JSON.stringify(result.statuses)}`);
child.kill('SIGUSR2');
while (!existsSync(profilePath)) await new Promise((resolve) => setTimeout(resolve, 100));
await new Promise((resolve) => setTimeout(resolve, 500));
child.kill('SIGTERM');
await exited;
await upstream.stop();

const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
console.log(`profile: ${profilePath}`);
summarise(profile, Number(values.top));

function summarise({ nodes, samples, timeDeltas }) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const selfUs = new Map();
  for (const [i, id] of samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (timeDeltas[i] ?? 0));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const key = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const short = url
      .replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
      .replace(/^.*\/proxy\/dist\//, 'dist/')
      .replace(/^file:\/\//, '');
    return `${functionName || '(anon)'} ${short}:${lineNumber + 1}`;
  };
  const self = new Map();
  const incl = new Map();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    self.set(key(node), (self.get(key(node)) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + us);
    }
  }
  const print = (title, map) => {
    console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, values.top ? Number(values.top) : 30)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  };
  print('self time', self);
  print('inclusive time', incl);
}
