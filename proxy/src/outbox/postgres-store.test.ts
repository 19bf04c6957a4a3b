import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { post, startHarness, TEST_TOKEN_SECRET, tempDataDir } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { contactsById, lead } from '../testing/outbox-fixtures.ts';
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
});
