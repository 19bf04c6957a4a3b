import type pg from 'pg';

/**
 * The Postgres schema, one entry per version, applied in order and never edited once released:
 * a change is a new entry. Version 1 is SQLite's latest schema (store/migrations.ts) column for
 * column, with the same names, meanings and checks: times are BIGINT milliseconds, the bodies
 * TEXT holding the exact JSON written at acceptance (JSONB would reorder keys and refuse
 * `\u0000`), so rows read back through the same `toLeasedRow`/`toSummary`.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE submissions (
     form_id          TEXT    NOT NULL,
     id               TEXT    NOT NULL,
     state            TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'dead', 'dropped')),
     dead_reason      TEXT    CHECK (dead_reason IN ('rejected', 'expired', 'invalid_contact')),
     fingerprint      TEXT,
     answer           INTEGER CHECK (answer IN (201, 202)),
     answer_due_until BIGINT  NOT NULL,
     contact          TEXT,
     optin            TEXT,
     optin_state      TEXT    CHECK (optin_state IN ('pending', 'sending', 'sent', 'unknown', 'rejected')),
     api_key_env      TEXT    NOT NULL,
     secret_key_env   TEXT    NOT NULL,
     accepted_at      BIGINT  NOT NULL,
     queued_since     BIGINT  NOT NULL,
     next_attempt_at  BIGINT  NOT NULL,
     attempts         INTEGER NOT NULL DEFAULT 0,
     lease_owner      TEXT,
     lease_until      BIGINT,
     last_error       TEXT,
     last_status      INTEGER,
     last_message     TEXT,
     gleantap_id      TEXT,
     contact_done_at  BIGINT,
     delivered_at     BIGINT,
     dead_at          BIGINT,
     erased_at        BIGINT,
     updated_at       BIGINT  NOT NULL,
     draft            TEXT,
     PRIMARY KEY (form_id, id)
   );
   CREATE INDEX submissions_state_due ON submissions (state, next_attempt_at);
   CREATE INDEX submissions_id ON submissions (id);
   CREATE TABLE probe (id INTEGER PRIMARY KEY CHECK (id = 1), at BIGINT NOT NULL);
   -- express-rate-limit's counters (pg-rate-limit-store.ts), shared by every instance. UNLOGGED:
   -- a hit costs no WAL flush; a crash of PostgreSQL (not a clean restart) empties it, which
   -- only starts every window afresh.
   CREATE UNLOGGED TABLE rate_limits (key TEXT PRIMARY KEY, hits INTEGER NOT NULL, reset_at BIGINT NOT NULL);
   CREATE INDEX rate_limits_reset_at ON rate_limits (reset_at);`,
  // 2: why a submission was dropped, as SQLite's migration 3 (free text; DropReason is the list; NULL is the honeypot's).
  `ALTER TABLE submissions ADD COLUMN drop_reason TEXT;`,
  // 3: form tokens' nonces, as SQLite's migration 4.
  `CREATE TABLE token_nonces (
     form_id       TEXT   NOT NULL,
     nonce         TEXT   NOT NULL,
     submission_id TEXT   NOT NULL,
     issued_at     BIGINT NOT NULL,
     spent_at      BIGINT NOT NULL,
     PRIMARY KEY (form_id, nonce)
   );
   CREATE INDEX token_nonces_issued ON token_nonces (issued_at);`,
];

/** The schema version this build writes. */
export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * One key for every gleantap-capture instance on a database: whoever holds it migrates, the
 * others wait and then find nothing left to do. (An arbitrary constant: "gc-migrate".)
 */
const MIGRATION_LOCK = 6_747_309_203_401;

/** What `migratePg` did: the versions it applied itself (none when another instance had). */
export type MigrateResult = { readonly ok: true; readonly applied: readonly number[]; readonly version: number } | { readonly ok: false; readonly problem: string };

/** The highest version recorded in `schema_migrations` (0 for an empty database). */
export async function pgSchemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const exists = await db.query<{ found: string | null }>("SELECT to_regclass('schema_migrations')::text AS found");
  if (exists.rows[0]?.found == null) return 0;
  const result = await db.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}

/**
 * Brings the schema up to PG_SCHEMA_VERSION under a session advisory lock, each version in its
 * own transaction recorded in `schema_migrations`, so instances starting together migrate once.
 * Refuses a database written by a newer build: going back would lose what it knows. Store
 * errors throw. `target` below PG_SCHEMA_VERSION exists for tests that build an older schema.
 */
export async function migratePg(pool: pg.Pool, target: number = PG_SCHEMA_VERSION): Promise<MigrateResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const current = await pgSchemaVersion(client);
      if (current > PG_SCHEMA_VERSION) {
        return { ok: false, problem: `the database's schema is version ${current}, newer than this proxy understands (${PG_SCHEMA_VERSION}); run the newer release` };
      }
      const applied: number[] = [];
      for (let version = current; version < Math.min(target, PG_SCHEMA_VERSION); version += 1) {
        await client.query('BEGIN');
        try {
          await client.query(MIGRATIONS[version] as string);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        applied.push(version + 1);
      }
      return { ok: true, applied, version: Math.max(current, Math.min(target, PG_SCHEMA_VERSION)) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A connection that failed mid-migration is dropped, not reused (it may hold the lock).
    client.release(broken);
  }
}
