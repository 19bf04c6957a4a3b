import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, type TestContext } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../sandbox/test-sandbox.ts';
import { startChildProxy } from '../testing/child-proxy.ts';
import { SITE_ORIGIN, signup, tempDataDir } from '../testing/harness.ts';

// Test support for the reverse-proxy configs in deploy/: a real nginx or Caddy started from
// the shipped file, in front of a real `serve` and the sandbox, and the behaviours both must
// show. Used only by tests.

/** The name the shipped site configs answer to. */
export const DOMAIN = 'forms.example.com';

/** A running reverse proxy: HTTPS (certificate signed by `ca`) and plain HTTP, on loopback. */
export interface FrontProxy {
  readonly httpsPort: number;
  readonly httpPort: number;
  readonly ca: string;
}

/** A port nothing listens on right now (nginx and Caddy need a number, not port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Replaces `from` (which must occur exactly `times` times), so a changed shipped file fails loudly. */
export function substitute(text: string, from: string, to: string, times = 1): string {
  const count = text.split(from).length - 1;
  if (count !== times) throw new Error(`expected ${times} × ${JSON.stringify(from)}, found ${count}`);
  return text.split(from).join(to);
}

/**
 * A temp directory for a server's files, removed when the test ends (after the server stops:
 * vitest runs those hooks last-registered first). 0755 because nginx's workers run as `nobody`
 * under root.
 */
export function serverDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes a throwaway self-signed certificate for DOMAIN into `dir`. */
export function selfSignedCertificate(dir: string): { certFile: string; keyFile: string; cert: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${DOMAIN}`,
      '-addext',
      `subjectAltName=DNS:${DOMAIN}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8') };
}

/**
 * Starts a server program, stopped with `stopSignal` when the test ends, and waits until
 * `ready()` holds; the program exiting first fails with everything it printed.
 */
export async function startServer(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; stopSignal: NodeJS.Signals; ready: () => Promise<boolean> }): Promise<{ output(): string }> {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(options.stopSignal);
      await exited;
    }
  });
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${command} exited ${child.exitCode}: ${output}`);
    if (await options.ready()) return { output: () => output };
    if (attempt > 300) throw new Error(`${command} did not get ready: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * One HTTPS request to the front proxy from a chosen loopback address: Linux lets a socket use
 * any address of 127/8, so 127.0.0.2 and 127.0.0.3 are two different visitors to it.
 */
export function viaFront(front: FrontProxy, from: string, path: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: front.httpsPort,
        servername: DOMAIN,
        ca: front.ca,
        localAddress: from,
        path,
        method: options.method ?? 'GET',
        agent: false,
        headers: { host: DOMAIN, ...(options.body === undefined ? {} : { 'content-type': 'application/json', origin: SITE_ORIGIN }), ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A plain-HTTP request to the front proxy: its status and Location. */
function plainGet(port: number, path: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`GET ${path} HTTP/1.1\r\nHost: ${DOMAIN}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('end', () => resolve({ status: Number(text.split(' ')[1]), location: /\r\nlocation: (\S+)/i.exec(text)?.[1] }));
    socket.on('error', reject);
  });
}

/** A visitor at `from`: the form definition for its token, then the submission, both through the front proxy. */
async function submit(front: FrontProxy, from: string, email: string, headers: Record<string, string> = {}): Promise<Answer> {
  const definition = await viaFront(front, from, '/v1/forms/default', { headers: { origin: SITE_ORIGIN } });
  const { token } = JSON.parse(definition.body) as { token?: string };
  return viaFront(front, from, '/v1/forms/default/submissions', { method: 'POST', body: JSON.stringify(signup({ email }, { token })), headers });
}

const twoPerIp = {
  version: 1,
  defaults: { rateLimit: { perIp: { max: 2, windowSeconds: 600 }, perForm: { max: 100, windowSeconds: 600 } } },
  forms: {
    default: {
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
      ],
    },
  },
};

/** The sandbox, `serve` with TRUST_PROXY=loopback and two submissions per IP, and the front proxy. */
async function startStack(startFront: (upstreamPort: number) => Promise<FrontProxy>): Promise<{ sandbox: TestSandbox; front: FrontProxy }> {
  const sandbox = await startTestSandbox();
  const proxy = await startChildProxy({ dataDir: tempDataDir(), sandboxUrl: sandbox.url, formsFile: twoPerIp, env: { TRUST_PROXY: 'loopback' } });
  return { sandbox, front: await startFront(Number(new URL(proxy.url).port)) };
}

/**
 * What every shipped reverse-proxy config must do in front of `serve` with the README's
 * recommended TRUST_PROXY=loopback. `missing` (why this machine cannot run it) skips each
 * test with that reason, printed too: a machine without the server must not look like a pass.
 */
export function describeFrontProxy(name: string, missing: string | undefined, startFront: (upstreamPort: number) => Promise<FrontProxy>): void {
  const skipIfMissing = (context: TestContext): void => {
    if (missing === undefined) return;
    console.warn(`${name} skipped: ${missing}`);
    context.skip(missing);
  };

  describe(`${name} in front of serve with TRUST_PROXY=loopback`, () => {
    it('keys the per-IP limit by the address it saw, ignores a forged X-Forwarded-For, and delivers through it', async (context) => {
      skipIfMissing(context);
      const { sandbox, front } = await startStack(startFront);

      const first = await submit(front, '127.0.0.2', 'first@example.com');
      expect(first.status, first.body).toBe(201);
      expect(JSON.parse(first.body)).toMatchObject({ status: 'created' });
      // A forged header is replaced: each of these still counts against 127.0.0.2.
      expect((await submit(front, '127.0.0.2', 'second@example.com', { 'x-forwarded-for': '203.0.113.50' })).status).toBe(201);
      const forged = await submit(front, '127.0.0.2', 'third@example.com', { 'x-forwarded-for': '198.51.100.23' });
      expect(forged.status).toBe(429);
      expect(JSON.parse(forged.body)).toMatchObject({ error: { code: 'rate_limited' } });
      // Nor does naming another visitor's address borrow that visitor's bucket.
      expect((await submit(front, '127.0.0.2', 'fourth@example.com', { 'x-forwarded-for': '127.0.0.3' })).status).toBe(429);

      // Another visitor has a bucket of its own: without the forwarded address every request
      // would be keyed by the front proxy's own 127.0.0.1 and this would be 429 too.
      expect((await submit(front, '127.0.0.3', 'other@example.com')).status).toBe(201);

      const emails = (await sandbox.contacts()).map((contact) => contact.email).sort();
      expect(emails).toEqual(['first@example.com', 'other@example.com', 'second@example.com']);
    });

    it('serves the proxy over TLS, redirects plain HTTP, keeps /metrics private and limits bodies a little above 16 KiB', async (context) => {
      skipIfMissing(context);
      const { front } = await startStack(startFront);

      expect((await viaFront(front, '127.0.0.2', '/healthz')).status).toBe(200);

      const redirect = await plainGet(front.httpPort, '/widget.js');
      expect([301, 308]).toContain(redirect.status);
      expect(redirect.location).toMatch(new RegExp(`^https://${DOMAIN.replaceAll('.', '\\.')}(:\\d+)?/widget\\.js$`));

      // Answered by the front proxy itself: the proxy's own 404 would be JSON `not_found`.
      for (const path of ['/metrics', '/metrics/', '/metrics?x=1']) {
        const metrics = await viaFront(front, '127.0.0.2', path);
        expect(metrics.status, path).toBe(404);
        expect(metrics.contentType, path).not.toContain('json');
      }

      // 17 KiB gets the proxy's own JSON answer; 24 KiB is refused too (nginx refuses
      // it itself; Caddy leaves it to the proxy, see deploy/caddy/Caddyfile).
      const pad = (bytes: number) => JSON.stringify({ ...signup(), pad: 'x'.repeat(bytes) });
      const proxyRefused = await viaFront(front, '127.0.0.2', '/v1/forms/default/submissions', { method: 'POST', body: pad(17 * 1024) });
      expect(proxyRefused.status).toBe(413);
      expect(JSON.parse(proxyRefused.body)).toMatchObject({ error: { code: 'payload_too_large' } });
      expect((await viaFront(front, '127.0.0.3', '/v1/forms/default/submissions', { method: 'POST', body: pad(24 * 1024) })).status).toBe(413);
    });
  });
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeIn(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
