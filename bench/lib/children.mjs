// The processes under test, each a child of the benchmark: servers that print their port, and
// `gleantap-capture serve` / `sandbox` from a given bin. Output goes to files in the run's
// temp directory, so the benchmark spends no CPU reading logs; a failed start shows the file.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ORIGIN = 'http://127.0.0.1:5173';
export const KEYS = { GLEANTAP_API_KEY: 'bench-api-key', GLEANTAP_SECRET_KEY: 'bench-secret-key' };

/** A free loopback port (closed again before it is handed out). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Children still running, so an interrupted benchmark leaves none behind.
const live = new Set();

/** SIGKILLs every child still running (used when the benchmark is interrupted). */
export function killAll() {
  for (const child of live) child.kill('SIGKILL');
}

function startChild(workDir, name, args, env) {
  const log = join(workDir, `${name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', fd] });
  live.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  exited.then(() => live.delete(child));
  return { child, log, exited, name, stop: () => stopChild(child, exited) };
}

async function stopChild(child, exited) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Starts a script from bench/servers that prints `{"port":N}` once listening. */
export async function startScript(workDir, name, script, env = {}) {
  const started = startChild(workDir, name, [script], env);
  const port = await new Promise((resolve, reject) => {
    let text = '';
    started.child.stdout.on('data', (chunk) => {
      text += chunk;
      const line = /\{"port":(\d+)\}/.exec(text);
      if (line) resolve(Number(line[1]));
    });
    started.exited.then((code) => reject(new Error(`${name} exited (${code}) before listening: ${readFileSync(started.log, 'utf8')}`)));
  });
  started.child.stdout.resume();
  return { ...started, url: `http://127.0.0.1:${port}`, pid: started.child.pid };
}

async function waitHealthy(started, url, what) {
  const deadline = performance.now() + 60_000;
  let exited = false;
  started.exited.then(() => (exited = true));
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {}
    if (exited) throw new Error(`${what} exited before ${url} answered: ${readFileSync(started.log, 'utf8').slice(-2000)}`);
    if (performance.now() > deadline) throw new Error(`${what} not ready within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `gleantap-capture serve` from `bin`, with its own data dir and the given forms file (and `env` over the rest). */
export async function startServe(workDir, name, bin, { upstreamUrl, formsFile, logLevel, env: extraEnv = {} }) {
  const dir = join(workDir, name);
  mkdirSync(dir);
  const formsPath = join(dir, 'forms.json');
  writeFileSync(formsPath, JSON.stringify(formsFile));
  const port = await freePort();
  const env = {
    ...KEYS,
    GLEANTAP_APP_ID: 'bench-app',
    GLEANTAP_BASE_URL: upstreamUrl,
    CAPTURE_CONFIG: formsPath,
    DATA_DIR: join(dir, 'data'),
    HOST: '127.0.0.1',
    PORT: String(port),
    METRICS_PORT: '0',
    LOG_LEVEL: logLevel,
    ...extraEnv,
  };
  const started = startChild(workDir, name, [bin, 'serve'], env);
  started.child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(started, `${url}/healthz`, `${name} (serve)`);
  return { ...started, url, pid: started.child.pid };
}

/** The sandbox Gleantap from `bin` (fault injection for the outbox drain). */
export async function startSandbox(workDir, bin) {
  const port = await freePort();
  const started = startChild(workDir, 'sandbox', [bin, 'sandbox', '--port', String(port)], { ...KEYS, LOG_LEVEL: 'warn' });
  started.child.stdout.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(started, `${url}/_sandbox/faults`, 'sandbox');
  return { ...started, url, pid: started.child.pid };
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (Linux). */
export function rssBytes(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}
