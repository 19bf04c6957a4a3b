import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_TEST_FORMS_FILE, post, SITE_ORIGIN, startHarness, TEST_TOKEN_SECRET, tempDataDir } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { contactsById, formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { runCli } from '../testing/run-cli.ts';
import { testDatabaseUrl, testPostgres, usePostgresCluster } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

usePostgresCluster();

const readyz = async (url: string): Promise<number> => (await fetch(`${url}/readyz`)).status;

describe('serve on PostgreSQL (DATABASE_URL)', () => {
  it('stores, delivers and lists leads in PostgreSQL, and never logs the URL', async () => {
    const harness = await startHarness({ store: 'postgres' });
    onTestFinished(() => harness.close());
    expect(await readyz(harness.proxy.url)).toBe(200);
    const body = lead('pg-1');
    const response = await post(harness.proxy.url, body);
    expect(response.status).toBe(201);
    expect(contactsById(await harness.contacts()).get(body.id)).toBe(1);
    // The row is in PostgreSQL, and the outbox commands read it there.
    const rows = await listOutbox(harness);
    expect(rows).toEqual([expect.objectContaining({ id: body.id, state: 'delivered', attempts: 1 })]);
    const pool = new pg.Pool({ connectionString: harness.databaseUrl });
    onTestFinished(() => pool.end());
    const { rows: stored } = await pool.query('SELECT id, state FROM submissions');
    expect(stored).toEqual([{ id: body.id, state: 'delivered' }]);
    expect(harness.logs.join('\n')).not.toContain(harness.databaseUrl);
  });

  it('answers 503 unavailable and not ready while PostgreSQL is down, and recovers by itself', async () => {
    const server = await testPostgres();
    const harness = await startHarness({ store: 'postgres' });
    onTestFinished(async () => {
      await server.start();
      await harness.close();
    });
    const before = lead('pg-before');
    expect((await post(harness.proxy.url, before)).status).toBe(201);

    await server.halt({ mode: 'immediate' });
    await waitFor('/readyz to fail', async () => (await readyz(harness.proxy.url)) === 503);
    expect(await (await fetch(`${harness.proxy.url}/readyz`)).json()).toEqual({ status: 'not_ready' });
    const refused = Array.from({ length: 3 }, (_, index) => lead(`pg-down-${index}`));
    for (const body of refused) {
      const response = await post(harness.proxy.url, body);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    }
    expect(harness.logs.filter((line) => line.includes('store cannot write'))).toHaveLength(1);
    // The form definition needs no store: its limiter lets it through uncounted meanwhile.
    const definition = await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: SITE_ORIGIN } });
    expect(definition.status).toBe(200);

    await server.start();
    await waitFor('/readyz to recover', async () => (await readyz(harness.proxy.url)) === 200);
    // The visitor's retry with the same id now goes through; nothing refused was stored.
    const retry = await post(harness.proxy.url, refused[0]);
    expect(retry.status).toBe(201);
    const ids = (await listOutbox(harness)).map((row) => row.id).sort();
    expect(ids).toEqual([before.id, refused[0]?.id].sort());
    expect(contactsById(await harness.contacts()).get(refused[0]?.id ?? '')).toBe(1);
    expect(harness.logs.some((line) => line.includes('store accepts writes again'))).toBe(true);
  });

  it('serve exits 1 with one line naming DATABASE_URL, never its password, when PostgreSQL cannot be reached', async () => {
    const server = await testPostgres();
    const unreachable = `postgres://capture:pw_canary_51c2@127.0.0.1:${server.port + 1}/capture`;
    const result = await runCli(['serve'], {
      GLEANTAP_API_KEY: 'k',
      GLEANTAP_SECRET_KEY: 's',
      GLEANTAP_APP_ID: 'a',
      ALLOWED_ORIGINS: 'https://www.example.com',
      PORT: '0',
      METRICS_PORT: '0',
      DATA_DIR: tempDataDir(),
      DATABASE_URL: unreachable,
      TOKEN_SECRET: TEST_TOKEN_SECRET,
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/DATABASE_URL: PostgreSQL could not be used \(ECONNREFUSED\)/);
    expect(result.stdout + result.stderr).not.toContain('pw_canary_51c2');
  });

  it('outbox commands on DATABASE_URL refuse a database serve never set up', async () => {
    const url = await testDatabaseUrl();
    const result = await runOutbox({ dataDir: '/nonexistent', databaseUrl: url }, 'list');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: not a gleantap-capture database (no schema); serve creates it');
  });

  it('counts a rate limit across every proxy on the database', async () => {
    const forms = { ...DEFAULT_TEST_FORMS_FILE, defaults: { rateLimit: { perIp: { max: 3, windowSeconds: 3600 }, perForm: { max: 100, windowSeconds: 3600 } } } };
    const a = await startHarness({ store: 'postgres', formsFile: forms });
    onTestFinished(() => a.close());
    const b = await startHarness({ store: 'postgres', databaseUrl: a.databaseUrl, formsFile: forms });
    onTestFinished(() => b.close());
    const statuses: number[] = [];
    for (const url of [a.proxy.url, b.proxy.url, a.proxy.url, b.proxy.url]) statuses.push((await post(url, lead(`rl-${statuses.length}`))).status);
    // Three from this address in the hour, whichever proxy took them; the fourth is refused.
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('leaves no lease behind after a graceful stop, so another instance need not wait for it to expire', async () => {
    const harness = await startHarness({ store: 'postgres', formsFile: formsWithOutbox({ inlineBudgetMs: 200 }), env: { UPSTREAM_TIMEOUT_MS: '20000', UPSTREAM_HEADERS_TIMEOUT_MS: '20000' } });
    let closed = false;
    onTestFinished(async () => {
      if (!closed) await harness.close();
    });
    await harness.fault({ mode: 'slow', endpoint: 'newContact', delayMs: 10_000 });
    const body = lead('pg-lease');
    expect((await post(harness.proxy.url, body)).status).toBe(202);
    const pool = new pg.Pool({ connectionString: harness.databaseUrl });
    onTestFinished(() => pool.end());
    const leased = await pool.query('SELECT lease_owner FROM submissions WHERE id = $1', [body.id]);
    expect(leased.rows[0]?.lease_owner).toEqual(expect.any(String));

    closed = true;
    await harness.close();
    const { rows } = await pool.query('SELECT state, lease_owner, lease_until FROM submissions WHERE id = $1', [body.id]);
    expect(rows).toEqual([{ state: 'queued', lease_owner: null, lease_until: null }]);
  });

  it('outbox backup refuses while DATABASE_URL is set: PostgreSQL is backed up with its own tools', async () => {
    const result = await runOutbox({ dataDir: tempDataDir(), databaseUrl: await testDatabaseUrl() }, 'backup', '/tmp/never-written.db');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL is set, so the leads are in PostgreSQL: back it up with pg_dump');
  });
});
