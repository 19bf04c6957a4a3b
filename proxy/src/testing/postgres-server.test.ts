import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type PostgresServer, startPostgres } from './postgres-server.ts';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('a PostgreSQL cluster of its own for tests', () => {
  it('answers on a loopback port, as PostgreSQL 15, and hands out databases of their own', async () => {
    expect(server.url).toBe(`postgres://app@127.0.0.1:${server.port}/postgres`);
    expect(await query(server.url, 'SHOW server_version_num')).toEqual([{ server_version_num: expect.stringMatching(/^15\d{4}$/) }]);
    const first = await server.createDatabase('apart_one');
    const second = await server.createDatabase('apart_two');
    await query(first, 'CREATE TABLE t (v int); INSERT INTO t VALUES (1)');
    await expect(query(second, 'SELECT * FROM t')).rejects.toThrow(/does not exist/);
    expect(await query(first, 'SELECT v FROM t')).toEqual([{ v: 1 }]);
  });

  it('crashes (immediate stop) and starts again on the same port, keeping every committed row', async () => {
    const url = await server.createDatabase('crash_and_back');
    await query(url, 'CREATE TABLE t (v int); INSERT INTO t VALUES (1), (2)');
    await server.halt({ mode: 'immediate' });
    await expect(query(url, 'SELECT 1')).rejects.toThrow();
    await server.start();
    expect(await query(url, 'SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 2 }]);
    await server.restart();
    expect(await query(url, 'SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }]);
  });

  it('a second cluster runs beside the first; stopping it removes its directory', async () => {
    const other = await startPostgres();
    onTestFinished(() => other.stop());
    expect(other.port).not.toBe(server.port);
    const dir = (await query(other.url, 'SHOW data_directory')) as Array<{ data_directory: string }>;
    const dataDir = dir[0]?.data_directory ?? '';
    expect(dataDir.startsWith(tmpdir())).toBe(true);
    expect(existsSync(dataDir)).toBe(true);
    await other.stop();
    expect(existsSync(dataDir)).toBe(false);
    await expect(query(other.url, 'SELECT 1')).rejects.toThrow();
  });

  it('fails loudly, naming the package to install, when PostgreSQL is missing', async () => {
    await expect(startPostgres({ bin: join(tmpdir(), 'no-postgres-here') })).rejects.toThrow(/PostgreSQL 15 is not installed .*apt-get install postgresql-15/);
  });
});
