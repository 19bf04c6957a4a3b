// Start-up benchmark: the median wall time of N runs of `gleantap-capture --help` (to exit)
// and of `gleantap-capture serve` (until GET /healthz answers 200), for the compiled command
// (`proxy/bin`, what operators run) and for the same sources run through tsx (how the command
// ran before it was compiled). Prints figures; asserts nothing.
//
//   node bench/startup.mjs [--runs 7] [--before <bin>]   (or `npx -y pnpm@10 bench:startup`)
//
// --before also times another `gleantap-capture` bin, e.g. an older release's checkout:
//   git archive 78d5a25 proxy | tar -x -C /tmp/old && ln -s "$PWD/proxy/node_modules" /tmp/old/proxy/
//   node bench/startup.mjs --before /tmp/old/proxy/bin/gleantap-capture.js
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from './lib/children.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, before: { type: 'string' } } });
const RUNS = Number(values.runs);
const PROXY = fileURLToPath(new URL('../proxy/', import.meta.url));
const BIN = join(PROXY, 'bin', 'gleantap-capture.js');
// The pre-build entry: register tsx, import the TypeScript sources, run.
const TSX_ENTRY = `import { register } from 'tsx/esm/api'; register();
const { runCli } = await import(${JSON.stringify(join(PROXY, 'src', 'cli', 'main.ts'))});
process.exitCode = await runCli(process.argv.slice(1));`;

const VARIANTS = {
  compiled: (args) => [BIN, ...args],
  tsx: (args) => ['--input-type=module', '-e', TSX_ENTRY, ...args],
  ...(values.before === undefined ? {} : { before: (args) => [values.before, ...args] }),
};

function timeHelp(nodeArgs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, nodeArgs, { cwd: PROXY, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`--help exited ${code}`))));
  });
}

async function healthy(url) {
  try {
    const response = await fetch(url);
    return response.status === 200;
  } catch {
    return false;
  }
}

async function timeServe(nodeArgs) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GLEANTAP_API_KEY: 'bench-api-key',
    GLEANTAP_SECRET_KEY: 'bench-secret-key',
    GLEANTAP_APP_ID: 'bench-app',
    // Never called: start-up does not contact Gleantap.
    GLEANTAP_BASE_URL: 'http://127.0.0.1:9',
    ALLOWED_ORIGINS: 'http://127.0.0.1:5173',
    HOST: '127.0.0.1',
    PORT: String(port),
    METRICS_PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs, { cwd: PROXY, env, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    while (!(await healthy(`http://127.0.0.1:${port}/healthz`))) {
      if (exited) throw new Error('serve exited before /healthz answered');
      if (performance.now() - started > 60_000) throw new Error('serve not ready within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return performance.now() - started;
  } finally {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const rows = [];
for (const [variant, argsFor] of Object.entries(VARIANTS)) {
  for (const [name, measure, args, target] of [
    ['--help', timeHelp, ['--help'], 500],
    ['serve (until /healthz is 200)', timeServe, ['serve'], 1000],
  ]) {
    const samples = [];
    for (let run = 0; run < RUNS; run += 1) samples.push(await measure(argsFor(args)));
    rows.push({ variant, command: name, median_ms: Math.round(median(samples)), min_ms: Math.round(Math.min(...samples)), max_ms: Math.round(Math.max(...samples)), target_ms: target });
  }
}
console.log(`gleantap-capture start-up, ${RUNS} runs each, node ${process.version}`);
console.table(rows);
