import { describe, expect, it, onTestFinished } from 'vitest';
import { openPgStore } from './open-pg-store.ts';
import { usePostgres } from './pg-test-store.ts';

const { server, freshStore } = usePostgres();
const SECRET = 'pw-canary-5b1e';

describe('opening the Postgres store', () => {
  it('refuses a URL that is not postgres://, without quoting it', async () => {
    const opened = await openPgStore({ databaseUrl: `mysql://app:${SECRET}@db/x`, mode: 'serve' });
    expect(opened).toEqual({ ok: false, problem: 'DATABASE_URL: not a postgres:// or postgresql:// URL' });
  });

  it('an unreachable server is a problem naming a code, never the URL or its password', async () => {
    const port = server().port;
    await server().halt({ mode: 'fast' });
    onTestFinished(() => server().start());
    const opened = await openPgStore({ databaseUrl: `postgres://app:${SECRET}@127.0.0.1:${port}/postgres`, mode: 'serve' });
    expect(opened).toEqual({ ok: false, problem: 'DATABASE_URL: PostgreSQL could not be used (ECONNREFUSED)', code: 'ECONNREFUSED' });
  });

  it('admin mode needs a migrated database', async () => {
    const url = await server().createDatabase('empty_admin');
    expect(await openPgStore({ databaseUrl: url, mode: 'admin' })).toEqual({ ok: false, problem: 'DATABASE_URL: not a gleantap-capture database (no schema); serve creates it' });
  });

  it('names itself to the server and bounds its statements', async () => {
    const store = await freshStore();
    const opened = await openPgStore({ databaseUrl: store.url, mode: 'admin', applicationName: 'gleantap-capture/a1', statementTimeoutMs: 300 });
    if (!opened.ok) throw new Error(opened.problem);
    onTestFinished(() => opened.store.close());
    expect((await opened.store.pool.query("SELECT current_setting('application_name') AS name")).rows).toEqual([{ name: 'gleantap-capture/a1' }]);
    await expect(opened.store.pool.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
  });

  it('the write probe fails while PostgreSQL is down and succeeds again once it is back, on the same pool', async () => {
    const idle: string[] = [];
    const store = await freshStore();
    const opened = await openPgStore({ databaseUrl: store.url, mode: 'serve', onIdleError: (code) => idle.push(code) });
    if (!opened.ok) throw new Error(opened.problem);
    onTestFinished(() => opened.store.close());
    expect(await opened.store.probeWrite(1)).toEqual({ ok: true });
    await server().halt({ mode: 'immediate' });
    const down = await opened.store.probeWrite(2);
    expect(down.ok).toBe(false);
    expect(JSON.stringify(down)).not.toContain(String(server().port));
    await server().start();
    expect(await opened.store.probeWrite(3)).toEqual({ ok: true });
    expect((await opened.store.pool.query('SELECT at FROM probe')).rows).toEqual([{ at: 3 }]);
    // The idle connection the crash cut was reported as a code, not thrown at the process.
    expect(idle.every((code) => /^[A-Z0-9_]+$/.test(code))).toBe(true);
  });
});
