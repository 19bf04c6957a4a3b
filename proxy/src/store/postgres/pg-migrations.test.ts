import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrate } from '../migrations.ts';
import { migratePg, PG_SCHEMA_VERSION, pgSchemaVersion } from './pg-migrations.ts';
import { usePostgres } from './pg-test-store.ts';

const { server } = usePostgres();

async function pool(name: string): Promise<pg.Pool> {
  const created = new pg.Pool({ connectionString: await server().createDatabase(name) });
  onTestFinished(() => created.end());
  return created;
}

describe('Postgres migrations', () => {
  it('create the same submissions, probe and token_nonces tables as SQLite, column for column', async () => {
    const db = await pool('same_schema');
    expect(await migratePg(db)).toEqual({ ok: true, applied: [1, 2, 3], version: PG_SCHEMA_VERSION });
    const sqlite = new Database(':memory:');
    migrate(sqlite);
    for (const table of ['submissions', 'probe', 'token_nonces']) {
      const sqliteColumns = sqlite.prepare<[], { name: string; notnull: number }>(`PRAGMA table_info(${table})`).all();
      const pgColumns = await db.query<{ name: string; nullable: string }>(
        'SELECT column_name AS name, is_nullable AS nullable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
        [table],
      );
      expect(pgColumns.rows.map((c) => `${c.name}:${c.nullable === 'NO'}`).sort()).toEqual(sqliteColumns.map((c) => `${c.name}:${c.notnull === 1 || c.name === 'id'}`).sort());
    }
    sqlite.close();
    // The same checks: a state or reason SQLite refuses, PostgreSQL refuses.
    await expect(
      db.query(
        "INSERT INTO submissions (form_id, id, state, answer_due_until, api_key_env, secret_key_env, accepted_at, queued_since, next_attempt_at, updated_at) VALUES ('f', 'i', 'lost', 1, 'K', 'S', 1, 1, 1, 1)",
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('two instances migrating at once: one applies, the other waits and finds nothing to do, both at the same version', async () => {
    const [a, b] = [await pool('together'), new pg.Pool({ connectionString: server().url.replace(/\/postgres$/, '/together') })];
    onTestFinished(() => b.end());
    const results = await Promise.all([migratePg(a), migratePg(b)]);
    const applied = results.map((result) => (result.ok ? result.applied : ['failed']));
    expect(applied.sort((x, y) => y.length - x.length)).toEqual([[1, 2, 3], []]);
    expect(results.map((result) => result.ok && result.version)).toEqual([PG_SCHEMA_VERSION, PG_SCHEMA_VERSION]);
    expect((await a.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    expect(await pgSchemaVersion(b)).toBe(PG_SCHEMA_VERSION);
  });

  it('refuses a database written by a newer release, changing nothing', async () => {
    const db = await pool('newer');
    await migratePg(db);
    await db.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)', [PG_SCHEMA_VERSION + 1]);
    expect(await migratePg(db)).toEqual({ ok: false, problem: expect.stringContaining(`version ${PG_SCHEMA_VERSION + 1}, newer than this proxy understands`) });
  });
});
