// What the browser loads from, all on 127.0.0.1: the sandbox Gleantap and a real
// `gleantap-capture serve` as child processes, and a host page on its own origin. Every part
// is stopped by `stop()`, which the caller runs in `finally`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROXY = fileURLToPath(new URL('../../proxy/', import.meta.url));
const BIN = join(PROXY, 'bin', 'gleantap-capture.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A minimal forms file: one form like the demo's `trial`, allowed from the host page only. */
function formsFile(hostOrigin) {
  return {
    version: 1,
    defaults: { source: 'bench-website', tagAction: 'add', phoneCountry: 'US', locales: ['en'], minTokenAge: '0s' },
    forms: {
      trial: {
        allowedOrigins: [hostOrigin],
        tags: ['trial'],
        fields: [{ name: 'first_name', required: true }, { name: 'last_name', required: true }, { name: 'email', required: true }, { name: 'phone' }],
      },
    },
  };
}

function child(args, env, name) {
  const process_ = spawn(process.execPath, [BIN, ...args], { cwd: PROXY, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  process_.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => process_.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    name,
    process: process_,
    exited,
    stderr: () => stderr,
    async stop() {
      if (process_.exitCode === null && process_.signalCode === null) process_.kill('SIGTERM');
      await exited;
    },
  };
}

async function until(check, what, processes) {
  const started = performance.now();
  for (;;) {
    if (await check()) return;
    for (const p of processes) {
      if (p.process.exitCode !== null || p.process.signalCode !== null) throw new Error(`${p.name} exited before ${what}:\n${p.stderr()}`);
    }
    if (performance.now() - started > 30_000) throw new Error(`${what} not within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function healthy(url) {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

/** A page on the host origin with the snippet an owner pastes, pointing at the proxy. */
function hostPageHtml(proxyUrl) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Riverside Gym</title><link rel="icon" href="data:,"></head>
<body><h1>Start your free week</h1>
<script src="${proxyUrl}/widget.js" data-form="trial" async></script>
</body></html>`;
}

export async function startStack() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-widget-'));
  const [sandboxPort, proxyPort, hostPort] = [await freePort(), await freePort(), await freePort()];
  const proxyUrl = `http://127.0.0.1:${proxyPort}`;
  const hostOrigin = `http://127.0.0.1:${hostPort}`;
  const formsPath = join(dataDir, 'forms.json');
  writeFileSync(formsPath, JSON.stringify(formsFile(hostOrigin)));
  // Keys exist only for this run, like the demo's.
  const keys = { GLEANTAP_API_KEY: `bench_${randomBytes(12).toString('hex')}`, GLEANTAP_SECRET_KEY: `bench_${randomBytes(12).toString('hex')}` };
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...keys };

  const parts = [];
  const host = createHttpServer((request, response) => {
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(hostPageHtml(proxyUrl));
    } else {
      response.writeHead(404).end();
    }
  });
  const stop = async () => {
    await Promise.all(parts.map((part) => part.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const sandbox = child(['sandbox', '--port', String(sandboxPort), '--host', '127.0.0.1'], base, 'sandbox');
    parts.push(sandbox);
    await until(() => listening(sandboxPort), 'the sandbox listened', [sandbox]);
    const proxy = child(
      ['serve'],
      {
        ...base,
        GLEANTAP_APP_ID: 'bench-app',
        GLEANTAP_BASE_URL: `http://127.0.0.1:${sandboxPort}`,
        CAPTURE_CONFIG: formsPath,
        DATA_DIR: join(dataDir, 'store'),
        HOST: '127.0.0.1',
        PORT: String(proxyPort),
        METRICS_PORT: '0',
      },
      'serve',
    );
    parts.push(proxy);
    await until(() => healthy(`${proxyUrl}/healthz`), 'serve answered /healthz', [sandbox, proxy]);
    await new Promise((resolve, reject) => {
      host.once('error', reject);
      host.listen(hostPort, '127.0.0.1', resolve);
    });
    parts.push({
      stop: () =>
        new Promise((resolve) => {
          host.closeAllConnections();
          host.close(() => resolve());
        }),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { proxyUrl, hostUrl: `${hostOrigin}/`, stop };
}
