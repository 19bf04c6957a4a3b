import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ChildProxy } from '../testing/child-proxy.ts';
import { post } from '../testing/harness.ts';
import { callsById, contactsById, formsWithOutbox, lead, type SandboxCall, SHORT_UPSTREAM_ENV } from '../testing/outbox-fixtures.ts';
import { testDatabaseUrl, testPostgres, usePostgresCluster } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';
import { type Cluster, startCluster } from './cluster.ts';

// deploy/compose.postgres.yaml's services as plain processes on loopback: one PostgreSQL, two
// `serve` children sharing it, Debian's nginx running the shipped compose-postgres.conf (only
// its addresses changed) in front of them, and the sandbox Gleantap.

usePostgresCluster();

/** Allowed per visitor per hour: a window that cannot roll over while the test runs. */
const LIMIT = 5;
const FAST_OUTBOX = { inlineBudgetMs: 300, backoff: { baseMs: 50, capMs: 200 } };
const formsFile = (perIp = 10_000) => ({
  ...formsWithOutbox(FAST_OUTBOX),
  // Definitions (each visitor's form token) are not what is limited here: only submissions are.
  defaults: { rateLimit: { perIp: { max: perIp, windowSeconds: 3_600 }, definitionPerIp: { max: 10_000, windowSeconds: 3_600 }, perForm: { max: 10_000, windowSeconds: 3_600 } } },
});

const portOf = (proxy: ChildProxy): string => new URL(proxy.url).port;

async function cluster(perIp?: number): Promise<Cluster & { db: pg.Pool; databaseUrl: string }> {
  const databaseUrl = await testDatabaseUrl();
  const started = await startCluster({ databaseUrl, formsFile: formsFile(perIp), env: SHORT_UPSTREAM_ENV });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // A pool whose server goes away mid-test reports it here; the query that needed it fails.
  db.on('error', () => undefined);
  onTestFinished(() => db.end());
  return { ...started, db, databaseUrl };
}

async function storedIds(db: pg.Pool): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM submissions');
  return new Set(rows.map((row) => row.id));
}

const readyz = async (proxy: ChildProxy): Promise<number> => (await fetch(`${proxy.url}/readyz`)).status;

describe('two proxies behind nginx sharing one PostgreSQL', () => {
  it(`holds a rate limit of ${LIMIT} an hour across both instances together`, async () => {
    const { nginx, a, b, db, sandbox, databaseUrl } = await cluster(LIMIT);
    const sent = Array.from({ length: LIMIT + 4 }, (_, index) => lead(`limit-${index}`));
    // All at once: two instances racing on one counter must still let exactly LIMIT through.
    const answers = await Promise.all(
      sent.map(async (body) => {
        const response = await post(nginx.url, body);
        return { id: body.id, status: response.status, body: (await response.json()) as Record<string, unknown> };
      }),
    );

    const passed = answers.filter((answer) => answer.status === 201 || answer.status === 202);
    const limited = answers.filter((answer) => answer.status === 429);
    expect(passed).toHaveLength(LIMIT);
    expect(limited).toHaveLength(4);
    for (const answer of limited) expect(answer.body).toMatchObject({ error: { code: 'rate_limited' } });
    // nginx spread the requests over both instances, and both enforced the one shared count.
    // nginx logs a request after answering it: wait for the last lines.
    // Each visitor also read the form definition for its token: count the submissions only.
    const served = await waitFor('nginx to log every submission', () => {
      const lines = nginx.served().filter((line) => line.endsWith(' POST'));
      return lines.length >= sent.length ? lines : undefined;
    });
    expect(served).toHaveLength(sent.length);
    for (const proxy of [a, b]) expect(served.filter((line) => line.startsWith(`127.0.0.1:${portOf(proxy)} `)).length, `requests served by :${portOf(proxy)}`).toBeGreaterThan(0);
    expect([...(await storedIds(db))].sort()).toEqual(passed.map((answer) => answer.id).sort());
    await waitFor('every passed lead delivered', async () => (await sandbox.contacts()).length === LIMIT);
    for (const proxy of [a, b]) expect(proxy.output()).not.toContain(databaseUrl);
  });

  it('stores and delivers once a submission id sent to A and then to B', async () => {
    const { a, b, db, sandbox } = await cluster();
    const body = lead('replayed');
    const first = await post(a.url, body);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ status: 'created', id: body.id });
    // B has never seen this id itself: only the shared idempotency record can answer it.
    const again = await post(b.url, body);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual({ status: 'created', id: body.id });

    const { rows } = await db.query('SELECT id, state FROM submissions');
    expect(rows).toEqual([{ id: body.id, state: 'delivered' }]);
    expect(contactsById(await sandbox.contacts()).get(body.id)).toBe(1);
    expect((await sandbox.calls()).filter((call) => call.endpoint === 'newContact')).toHaveLength(1);
  });

  it('B alone delivers, once each, the batch A accepted while Gleantap was down after A is SIGKILLed', async () => {
    const { a, b, sandbox } = await cluster();
    await sandbox.fault({ mode: 'error', status: 503 });
    const batch = Array.from({ length: 12 }, (_, index) => lead(`batch-${index}`));
    for (const body of batch) {
      const response = await post(a.url, body);
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ status: 'queued', id: body.id });
    }
    a.child.kill('SIGKILL');
    expect(await a.exited).toBeNull();
    expect(await sandbox.contacts()).toEqual([]);

    const healed = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(healed.ok).toBe(true);
    // A's leases (if it held any when it died) expire; B's worker then claims every row.
    const delivered = await waitFor(
      'B to deliver the whole batch',
      async () => {
        const counts = contactsById(await sandbox.contacts());
        return batch.every((body) => counts.has(body.id)) ? counts : undefined;
      },
      30_000,
    );
    for (const body of batch) expect(delivered.get(body.id), body.id).toBe(1);
    expect((await sandbox.contacts()).length).toBe(batch.length);
    // The sandbox merges a repeated contact into one, so count the calls it answered too: every
    // refused call was A's (or B's) while the fault lasted, one accepted call per lead after.
    const accepted = callsById((await sandbox.calls()) as unknown as SandboxCall[]);
    for (const body of batch)
      expect(
        accepted.get(body.id)?.filter((call) => call.status !== null && call.status < 300),
        body.id,
      ).toHaveLength(1);
    expect(b.child.exitCode).toBeNull();
  });

  it('while PostgreSQL is down answers 503 and not ready, acknowledges only what it committed, and resumes by itself', async () => {
    const { nginx, a, b, db, sandbox } = await cluster();
    const server = await testPostgres();
    onTestFinished(() => server.start());
    const answers = new Map<string, number>();
    const refused: Array<{ status: number; body: unknown }> = [];
    const unexpected: string[] = [];
    let down = false;
    let stopping = false;
    let sequence = 0;

    // Visitors keep submitting through nginx; each retries its lead with the same id after a
    // 503 (as the widget does), and goes on to a new lead after a 2xx.
    const visitor = async (): Promise<void> => {
      while (!stopping) {
        sequence += 1;
        const body = lead(`stream-${sequence}`);
        for (;;) {
          const response = await post(nginx.url, body);
          const json = (await response.json()) as unknown;
          if (response.status === 201 || response.status === 202) {
            answers.set(body.id, response.status);
            break;
          }
          if (down) refused.push({ status: response.status, body: json });
          else unexpected.push(`${response.status} while PostgreSQL was up: ${JSON.stringify(json)}`);
          if (stopping) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const visitors = Promise.all(Array.from({ length: 8 }, visitor));

    await waitFor('some leads acknowledged', () => answers.size >= 10);
    // From here a 503 is the right answer (the first may come before /readyz has noticed).
    down = true;
    await server.halt({ mode: 'immediate' });
    const acknowledgedBeforeHalt = answers.size;
    await waitFor('both instances not ready', async () => (await readyz(a)) === 503 && (await readyz(b)) === 503).catch((error: unknown) => {
      throw new Error(`${String(error)}\nA: ${a.output().slice(-3000)}\nB: ${b.output().slice(-3000)}`);
    });
    expect(await (await fetch(`${a.url}/readyz`)).json()).toEqual({ status: 'not_ready' });
    const acknowledgedWhenNotReady = answers.size;
    await waitFor('submissions refused while PostgreSQL is down', () => refused.length >= 8);
    // Not one acknowledgement while the database could commit nothing.
    expect(answers.size).toBe(acknowledgedWhenNotReady);
    for (const answer of refused) {
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    }

    await server.start();
    await waitFor('both instances ready again', async () => (await readyz(a)) === 200 && (await readyz(b)) === 200, 30_000);
    down = false;
    await waitFor('more leads acknowledged after the restart', () => answers.size >= acknowledgedWhenNotReady + 10, 30_000);
    stopping = true;
    await visitors;
    expect(acknowledgedBeforeHalt).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);

    // Every acknowledged lead was committed, and is delivered exactly once by one of the two.
    const stored = await storedIds(db);
    for (const id of answers.keys()) expect(stored.has(id), id).toBe(true);
    const counts = await waitFor(
      'every acknowledged lead delivered',
      async () => {
        const byId = contactsById(await sandbox.contacts());
        return [...answers.keys()].every((id) => byId.has(id)) ? byId : undefined;
      },
      30_000,
    );
    for (const id of answers.keys()) expect(counts.get(id), id).toBe(1);
    for (const proxy of [a, b]) expect(proxy.child.exitCode).toBeNull();
  });
});
