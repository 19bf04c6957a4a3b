import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, type TestContext } from 'vitest';
import { startChildProxy, type ChildProxy } from '../testing/child-proxy.ts';
import { signup, SITE_ORIGIN, tempDataDir } from '../testing/harness.ts';
import { startTestSandbox, type TestSandbox } from '../sandbox/test-sandbox.ts';

// deploy/nginx/gleantap-capture.conf run for real: Debian's nginx on loopback ports, TLS with a
// throwaway self-signed certificate, in front of a real `serve` with TRUST_PROXY=loopback (what
// the README recommends for a proxy on the same machine) and the sandbox Gleantap. The file is
// used as shipped except for its ports, certificate paths and the IPv6 listen lines.

const SITE_FILE = fileURLToPath(new URL('../../../deploy/nginx/gleantap-capture.conf', import.meta.url));
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const DOMAIN = 'forms.example.com';

/** Why this machine cannot run the test, or undefined when it can. */
function missingTool(): string | undefined {
  if (!existsSync(NGINX)) return `nginx is not installed at ${NGINX} (apt-get install nginx, or set NGINX_PATH)`;
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl is not installed (needed for the test certificate)';
  return undefined;
}
const MISSING = missingTool();

/** Skips with the reason, also printed: a machine without nginx must not look like a pass. */
function skipWithoutNginx(context: TestContext): void {
  if (MISSING === undefined) return;
  console.warn(`nginx test skipped: ${MISSING}`);
  context.skip(MISSING);
}

/** A port nothing listens on right now (nginx needs a number, not port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Replaces `from` (which must occur exactly `times` times) so a changed site file fails loudly. */
function substitute(text: string, from: string, to: string, times = 1): string {
  const count = text.split(from).length - 1;
  if (count !== times) throw new Error(`expected ${times} × ${JSON.stringify(from)} in ${SITE_FILE}, found ${count}`);
  return text.split(from).join(to);
}

interface Nginx {
  readonly httpsPort: number;
  readonly httpPort: number;
  readonly cert: string;
  output(): string;
}

/** Starts nginx with the shipped site file adapted to this test; stopped when the test ends. */
async function startNginx(upstreamPort: number): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'gc-nginx-'));
  // nginx's workers run as `nobody` when the master is root: they must reach the temp paths.
  chmodSync(dir, 0o755);
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${DOMAIN}`, '-addext', `subjectAltName=DNS:${DOMAIN}`, '-keyout', keyFile, '-out', certFile], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  const [httpsPort, httpPort] = [await freePort(), await freePort()];

  let site = readFileSync(SITE_FILE, 'utf8');
  site = substitute(site, 'server 127.0.0.1:8787;', `server 127.0.0.1:${upstreamPort};`);
  site = substitute(site, '    listen 443 ssl http2;\n', `    listen 127.0.0.1:${httpsPort} ssl http2;\n`);
  site = substitute(site, '    listen 80;\n', `    listen 127.0.0.1:${httpPort};\n`);
  // The test machine may have no IPv6 loopback; the IPv4 lines carry the same settings.
  site = substitute(site, '    listen [::]:443 ssl http2;\n', '');
  site = substitute(site, '    listen [::]:80;\n', '');
  site = substitute(site, `/etc/letsencrypt/live/${DOMAIN}/fullchain.pem`, certFile);
  site = substitute(site, `/etc/letsencrypt/live/${DOMAIN}/privkey.pem`, keyFile);
  writeFileSync(join(dir, 'site.conf'), site);

  const isRoot = process.getuid?.() === 0;
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(join(dir, 'nginx.conf'), [
    'daemon off;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    'error_log stderr warn;',
    ...(isRoot ? ['user nobody nogroup;'] : []),
    'events { worker_connections 64; }',
    'http {',
    '  access_log off;',
    `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
    `  include ${join(dir, 'site.conf')};`,
    '}',
    '',
  ].join('\n'));

  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      await exited;
    }
  });
  // Ready once the TLS port accepts connections; nginx exiting first means a bad config.
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${output}`);
    if (await accepts(httpsPort)) break;
    if (attempt > 200) throw new Error(`nginx did not listen: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { httpsPort, httpPort, cert: readFileSync(certFile, 'utf8'), output: () => output };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * One HTTPS request to nginx from a chosen loopback address: Linux lets a socket use any
 * address of 127/8, so 127.0.0.2 and 127.0.0.3 are two different visitors to nginx.
 */
function viaNginx(nginx: Nginx, from: string, path: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: nginx.httpsPort, servername: DOMAIN, ca: nginx.cert, localAddress: from, path,
      method: options.method ?? 'GET', agent: false,
      headers: { host: DOMAIN, ...(options.body === undefined ? {} : { 'content-type': 'application/json', origin: SITE_ORIGIN }), ...options.headers },
    }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const submit = (nginx: Nginx, from: string, email: string, headers: Record<string, string> = {}) =>
  viaNginx(nginx, from, '/v1/forms/default/submissions', { method: 'POST', body: JSON.stringify(signup({ email })), headers });

const twoPerIp = {
  version: 1,
  defaults: { rateLimit: { perIp: { max: 2, windowSeconds: 600 }, perForm: { max: 100, windowSeconds: 600 } } },
  forms: { default: { fields: [{ name: 'first_name', required: true }, { name: 'last_name', required: true }, { name: 'email', required: true }] } },
};

async function startStack(): Promise<{ sandbox: TestSandbox; proxy: ChildProxy; nginx: Nginx }> {
  const sandbox = await startTestSandbox();
  const proxy = await startChildProxy({ dataDir: tempDataDir(), sandboxUrl: sandbox.url, formsFile: twoPerIp, env: { TRUST_PROXY: 'loopback' } });
  const nginx = await startNginx(Number(new URL(proxy.url).port));
  return { sandbox, proxy, nginx };
}

describe('deploy/nginx/gleantap-capture.conf in front of serve with TRUST_PROXY=loopback', () => {
  it('keys the per-IP limit by the address nginx saw, ignores a forged X-Forwarded-For, and delivers through it', async (context) => {
    skipWithoutNginx(context);
    const { sandbox, nginx } = await startStack();

    const first = await submit(nginx, '127.0.0.2', 'first@example.com');
    expect(first.status, first.body).toBe(201);
    expect(JSON.parse(first.body)).toMatchObject({ status: 'created' });
    // A forged header is replaced by nginx: each of these still counts against 127.0.0.2.
    expect((await submit(nginx, '127.0.0.2', 'second@example.com', { 'x-forwarded-for': '203.0.113.50' })).status).toBe(201);
    const forged = await submit(nginx, '127.0.0.2', 'third@example.com', { 'x-forwarded-for': '198.51.100.23' });
    expect(forged.status).toBe(429);
    expect(JSON.parse(forged.body)).toMatchObject({ error: { code: 'rate_limited' } });
    // Nor does naming another visitor's address borrow that visitor's bucket.
    expect((await submit(nginx, '127.0.0.2', 'fourth@example.com', { 'x-forwarded-for': '127.0.0.3' })).status).toBe(429);

    // Another visitor has a bucket of its own: without nginx's X-Forwarded-For every request
    // would be keyed by nginx's own 127.0.0.1 and this would be 429 too.
    expect((await submit(nginx, '127.0.0.3', 'other@example.com')).status).toBe(201);

    const emails = (await sandbox.contacts()).map((contact) => contact.email).sort();
    expect(emails).toEqual(['first@example.com', 'other@example.com', 'second@example.com']);
  });

  it('serves the proxy over TLS, redirects plain HTTP, keeps /metrics private and limits bodies a little above 16 KiB', async (context) => {
    skipWithoutNginx(context);
    const { nginx } = await startStack();

    const health = await viaNginx(nginx, '127.0.0.2', '/healthz');
    expect(health.status).toBe(200);

    const redirect = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const socket = connect(nginx.httpPort, '127.0.0.1', () => socket.end(`GET /widget.js HTTP/1.1\r\nHost: ${DOMAIN}\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve({ status: Number(text.split(' ')[1]), location: /\r\nlocation: (\S+)/i.exec(text)?.[1] }));
      socket.on('error', reject);
    });
    expect(redirect).toEqual({ status: 301, location: `https://${DOMAIN}/widget.js` });

    // nginx answers these itself (its HTML page, not the proxy's JSON 404).
    for (const path of ['/metrics', '/metrics/', '/metrics?x=1']) {
      const metrics = await viaNginx(nginx, '127.0.0.2', path);
      expect(metrics.status, path).toBe(404);
      expect(metrics.contentType, path).toContain('text/html');
    }

    // 17 KiB passes nginx and gets the proxy's own JSON answer; 24 KiB is refused by nginx.
    const pad = (bytes: number) => JSON.stringify({ ...signup(), pad: 'x'.repeat(bytes) });
    const proxyRefused = await viaNginx(nginx, '127.0.0.2', '/v1/forms/default/submissions', { method: 'POST', body: pad(17 * 1024) });
    expect(proxyRefused.status).toBe(413);
    expect(JSON.parse(proxyRefused.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    const nginxRefused = await viaNginx(nginx, '127.0.0.3', '/v1/forms/default/submissions', { method: 'POST', body: pad(24 * 1024) });
    expect(nginxRefused.status).toBe(413);
    expect(nginxRefused.contentType).toContain('text/html');
  });
});
