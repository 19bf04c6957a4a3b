import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@gleantap-capture/proxy';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sleep, waitFor } from '../support/wait.ts';
import { baseImageUnavailable, buildImage, imageConfig, imageSize, installedPackages, nodeBaseImage } from './image.ts';
import { startLeadStream } from './lead-stream.ts';
import { podman, podmanMissing, podmanOk } from './podman.ts';

const KEYS = { apiKey: 'ctr-api-KEY-canary-5d20e1', secretKey: 'ctr-secret-KEY-canary-c8a913' } as const;
const TOTAL = 150;
const CLIENTS = 12;
const KILL_AFTER = 60;
const WORKER_CONCURRENCY = 4;
const CALL_CAP_MS = 5_000;
/** Development packages that must not reach the runtime image. */
const DEV_PACKAGES = ['vite', 'vitest', 'tsx', 'typescript', 'playwright', 'playwright-core'];

// Decided when the file loads, so a skipped run says why in the test's name.
const missing = podmanMissing() ?? baseImageUnavailable();

/** A free loopback port for the container's listener (it shares the host's network). */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('container image', () => {
  it.skipIf(missing !== undefined)(
    missing === undefined ? 'builds, runs as non-root without dev packages, and delivers every acknowledged lead exactly once across a SIGKILL' : `container test skipped: ${missing}`,
    { timeout: 600_000 },
    async () => {
      const run = `${process.pid}-${Date.now().toString(36)}`;
      const tag = `localhost/gleantap-capture:test-${run}`;
      const volume = `gleantap-capture-test-${run}`;
      const containers: string[] = [];
      const dir = mkdtempSync(join(tmpdir(), 'gc-container-'));
      onTestFinished(async () => {
        for (const name of containers) await podman(['rm', '-f', '-t', '0', name]);
        await podman(['volume', 'rm', '-f', volume]);
        await podman(['rmi', '-f', tag]);
        rmSync(dir, { recursive: true, force: true });
      });

      // ---- build (the base image and the build stage's layers are the cache between runs) ----
      const baseImage = await nodeBaseImage();
      const buildStarted = Date.now();
      await buildImage(tag, baseImage);
      const size = await imageSize(tag);
      console.log(`container image: ${tag} on ${baseImage}, ${(size / 1e6).toFixed(0)} MB, built in ${((Date.now() - buildStarted) / 1000).toFixed(0)} s`);

      const config = await imageConfig(tag);
      expect(config['User']).toBe('capture:capture');
      expect(config['StopSignal']).toBe('SIGTERM');
      expect(Object.keys(config['Volumes'] as object)).toEqual(['/data']);
      expect(Object.keys(config['ExposedPorts'] as object)).toEqual(['8787/tcp']);
      expect(JSON.stringify(config['Healthcheck'])).toContain('/healthz');
      expect(config['Env']).toContain('DATA_DIR=/data');

      // ---- production dependencies only ----
      const packages = await installedPackages(tag);
      // shared and the widget are bundled into the proxy's dist/, so only npm runtime packages are installed.
      expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'express', 'undici', 'pino', 'zod']));
      for (const name of DEV_PACKAGES) expect.soft(packages, `${name} is in the image's node_modules`).not.toContain(name);
      expect.soft(packages.filter((name) => name.startsWith('@vitest/'))).toEqual([]);

      // ---- the sandbox on the host, the container in front of it ----
      const sandbox = await startSandbox({ ...KEYS, host: '127.0.0.1', port: 0 });
      onTestFinished(() => sandbox.close());
      // Slow answers keep deliveries in flight when the container is killed.
      const fault = await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'slow', endpoint: 'newContact', delayMs: 200 }),
      });
      expect(fault.status).toBe(200);

      const formsPath = join(dir, 'forms.json');
      writeFileSync(
        formsPath,
        JSON.stringify({
          version: 1,
          defaults: {
            minTokenAge: '0s',
            rateLimit: { perIp: { max: 10_000, windowSeconds: 600 }, perForm: { max: 10_000, windowSeconds: 600 }, definitionPerIp: { max: 10_000, windowSeconds: 600 } },
          },
          outbox: { inlineBudgetMs: 1000, concurrency: WORKER_CONCURRENCY, backoff: { baseMs: 50, capMs: 500 } },
          forms: {
            default: {
              fields: [
                { name: 'first_name', required: true },
                { name: 'last_name', required: true },
                { name: 'email', required: true },
              ],
            },
          },
        }),
      );
      chmodSync(formsPath, 0o644); // the container's user is not the file's owner
      await podmanOk(['volume', 'create', volume]);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      // Keys travel in the environment (`--env NAME`), never on podman's command line.
      const secrets = { GLEANTAP_API_KEY: KEYS.apiKey, GLEANTAP_SECRET_KEY: KEYS.secretKey };
      const start = async (name: string): Promise<void> => {
        containers.push(name);
        await podmanOk(
          [
            'run',
            '-d',
            '--name',
            name,
            '--network=host',
            '-v',
            `${volume}:/data`,
            '-v',
            `${formsPath}:/config/forms.json:ro`,
            '--env',
            'GLEANTAP_API_KEY',
            '--env',
            'GLEANTAP_SECRET_KEY',
            '-e',
            'GLEANTAP_APP_ID=app-container',
            '-e',
            `GLEANTAP_BASE_URL=${sandbox.url}`,
            '-e',
            'ALLOWED_ORIGINS=https://www.example-gym.com',
            '-e',
            'CAPTURE_CONFIG=/config/forms.json',
            '-e',
            'HOST=127.0.0.1',
            '-e',
            `PORT=${port}`,
            '-e',
            'METRICS_PORT=0',
            '-e',
            `UPSTREAM_TIMEOUT_MS=${CALL_CAP_MS}`,
            '-e',
            `UPSTREAM_HEADERS_TIMEOUT_MS=${CALL_CAP_MS}`,
            '-e',
            'UPSTREAM_CONNECT_TIMEOUT_MS=1000',
            tag,
          ],
          { env: secrets },
        );
        await waitFor(
          async () =>
            await fetch(`${url}/healthz`).then(
              (response) => response.status,
              () => 0,
            ),
          (status) => status === 200,
          { timeoutMs: 60_000, intervalMs: 100, what: `${name} answering /healthz (logs: podman logs ${name})` },
        );
      };
      await start(`gleantap-capture-test-${run}-1`);

      // ---- non-root, healthy ----
      expect((await podmanOk(['exec', containers[0]!, 'id', '-u'])).trim()).toBe('10001');
      const status = await podmanOk(['exec', containers[0]!, 'cat', '/proc/1/status']);
      const uids = /^Uid:\s+(.+)$/m.exec(status)?.[1]?.split(/\s+/);
      expect(uids).toEqual(['10001', '10001', '10001', '10001']);
      expect((await podman(['healthcheck', 'run', containers[0]!])).code).toBe(0);

      // ---- a stream of leads; SIGKILL mid-stream; a new container on the same volume ----
      const stream = startLeadStream({ url, total: TOTAL, clients: CLIENTS, tag: run });
      onTestFinished(() => stream.stop());
      const moment = await waitFor(
        async () => ({ started: stream.started(), outstanding: stream.outstanding() }),
        (now) => now.started >= KILL_AFTER && now.outstanding >= CLIENTS / 2,
        { timeoutMs: 120_000, intervalMs: 5, what: `${KILL_AFTER} leads started with requests outstanding` },
      );
      const killedAt = Date.now();
      // An inline call can outlive its request only after a 202, and never by more than the call cap.
      const recentQueued = stream.answers().filter((answer) => answer.status === 202 && answer.at >= killedAt - CALL_CAP_MS).length;
      await podmanOk(['kill', '-s', 'KILL', containers[0]!]);
      expect((await podmanOk(['wait', containers[0]!])).trim()).toBe('137');
      await start(`gleantap-capture-test-${run}-2`);

      await waitFor(
        async () => {
          await Promise.race([stream.finished, sleep(200)]);
          return stream.answers().length + stream.unexpected().length;
        },
        (answered) => answered >= TOTAL,
        { timeoutMs: 180_000, intervalMs: 100, what: 'every lead answered' },
      );
      expect(stream.unexpected()).toEqual([]);
      const answered = new Set(stream.answers().map((answer) => answer.id));
      expect(answered.size).toBe(TOTAL);

      // ---- every acknowledged lead is exactly one contact ----
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
      const contacts = await waitFor(
        async () => {
          const counts = new Map<string, number>();
          for (const contact of (await (await fetch(`${sandbox.url}/_sandbox/contacts`)).json()) as Array<Record<string, unknown>>) {
            const id = contact['capture_submission_id'];
            if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
          }
          return counts;
        },
        (counts) => [...answered].every((id) => counts.has(id)),
        { timeoutMs: 120_000, intervalMs: 250, what: 'every acknowledged lead delivered' },
      );
      for (const id of answered) expect(contacts.get(id), `contacts for ${id}`).toBe(1);
      expect(contacts.size).toBe(answered.size);

      // A repeated newContact call is allowed only for a lead in flight at the kill.
      const calls = (await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()) as Array<{ endpoint: string; body: Record<string, unknown> | null }>;
      const perId = new Map<string, number>();
      for (const call of calls) {
        const id = call.body?.['capture_submission_id'];
        if (call.endpoint === 'newContact' && typeof id === 'string') perId.set(id, (perId.get(id) ?? 0) + 1);
      }
      const repeated = [...perId.values()].reduce((sum, count) => sum + count - 1, 0);
      const bound = WORKER_CONCURRENCY + moment.outstanding + recentQueued;
      console.log(
        `container crash figures: killed with ${moment.outstanding} outstanding after ${moment.started} started; ` +
          `answered=${answered.size} contacts=${contacts.size} newContact calls=${calls.filter((call) => call.endpoint === 'newContact').length} repeated=${repeated} bound=${bound}`,
      );
      expect(repeated).toBeLessThanOrEqual(bound);

      // ---- a graceful stop: SIGTERM (the image's STOPSIGNAL) ends serve with status 0 ----
      await podmanOk(['stop', '-t', '10', containers[1]!]);
      expect((await podmanOk(['wait', containers[1]!])).trim()).toBe('0');
      const logs = await podman(['logs', containers[1]!]);
      expect(logs.stdout + logs.stderr).not.toContain(KEYS.secretKey);
      expect(logs.stdout + logs.stderr).not.toContain(KEYS.apiKey);
    },
  );
});
