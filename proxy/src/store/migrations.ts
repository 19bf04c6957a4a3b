import type { Database } from 'better-sqlite3';

/**
 * The store's schema, one entry per version, applied in order and never edited once released:
 * a change is a new entry. `PRAGMA user_version` records how many have been applied.
 */
const MIGRATIONS: readonly string[] = [
  // 1: submissions (the outbox and the idempotency record in one row) and the readiness probe.
  `CREATE TABLE submissions (
     form_id          TEXT    NOT NULL,
     id               TEXT    NOT NULL,
     state            TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'dead', 'dropped')),
     dead_reason      TEXT    CHECK (dead_reason IN ('rejected', 'expired')),
     fingerprint      TEXT,
     answer           INTEGER CHECK (answer IN (201, 202)),
     answer_due_until INTEGER NOT NULL,
     contact          TEXT,
     optin            TEXT,
     optin_state      TEXT    CHECK (optin_state IN ('pending', 'sending', 'sent', 'unknown', 'rejected')),
     api_key_env      TEXT    NOT NULL,
     secret_key_env   TEXT    NOT NULL,
     accepted_at      INTEGER NOT NULL,
     queued_since     INTEGER NOT NULL,
     next_attempt_at  INTEGER NOT NULL,
     attempts         INTEGER NOT NULL DEFAULT 0,
     lease_owner      TEXT,
     lease_until      INTEGER,
     last_error       TEXT,
     last_status      INTEGER,
     gleantap_id      TEXT,
     contact_done_at  INTEGER,
     delivered_at     INTEGER,
     dead_at          INTEGER,
     erased_at        INTEGER,
     updated_at       INTEGER NOT NULL,
     PRIMARY KEY (form_id, id)
   );
   CREATE INDEX submissions_state_due ON submissions (state, next_attempt_at);
   CREATE INDEX submissions_id ON submissions (id);
   CREATE TABLE probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);`,
  // 2: dead reason `invalid_contact` (a valid submission whose newContact body could not be
  // built, kept with its validated fields in `draft`), and Gleantap's message of the last
  // attempt. SQLite cannot alter a CHECK constraint, so the table is rebuilt, every row kept.
  `CREATE TABLE submissions_v2 (
     form_id          TEXT    NOT NULL,
     id               TEXT    NOT NULL,
     state            TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'dead', 'dropped')),
     dead_reason      TEXT    CHECK (dead_reason IN ('rejected', 'expired', 'invalid_contact')),
     fingerprint      TEXT,
     answer           INTEGER CHECK (answer IN (201, 202)),
     answer_due_until INTEGER NOT NULL,
     contact          TEXT,
     optin            TEXT,
     optin_state      TEXT    CHECK (optin_state IN ('pending', 'sending', 'sent', 'unknown', 'rejected')),
     api_key_env      TEXT    NOT NULL,
     secret_key_env   TEXT    NOT NULL,
     accepted_at      INTEGER NOT NULL,
     queued_since     INTEGER NOT NULL,
     next_attempt_at  INTEGER NOT NULL,
     attempts         INTEGER NOT NULL DEFAULT 0,
     lease_owner      TEXT,
     lease_until      INTEGER,
     last_error       TEXT,
     last_status      INTEGER,
     last_message     TEXT,
     gleantap_id      TEXT,
     contact_done_at  INTEGER,
     delivered_at     INTEGER,
     dead_at          INTEGER,
     erased_at        INTEGER,
     updated_at       INTEGER NOT NULL,
     draft            TEXT,
     PRIMARY KEY (form_id, id)
   );
   INSERT INTO submissions_v2 (form_id, id, state, dead_reason, fingerprint, answer, answer_due_until, contact, optin, optin_state,
     api_key_env, secret_key_env, accepted_at, queued_since, next_attempt_at, attempts, lease_owner, lease_until, last_error,
     last_status, gleantap_id, contact_done_at, delivered_at, dead_at, erased_at, updated_at)
   SELECT form_id, id, state, dead_reason, fingerprint, answer, answer_due_until, contact, optin, optin_state,
     api_key_env, secret_key_env, accepted_at, queued_since, next_attempt_at, attempts, lease_owner, lease_until, last_error,
     last_status, gleantap_id, contact_done_at, delivered_at, dead_at, erased_at, updated_at FROM submissions;
   DROP TABLE submissions;
   ALTER TABLE submissions_v2 RENAME TO submissions;
   CREATE INDEX submissions_state_due ON submissions (state, next_attempt_at);
   CREATE INDEX submissions_id ON submissions (id);`,
  // 3: why a submission was dropped. Free text (no CHECK) so a new reason needs no table rebuild;
  // the code's DropReason type is the list. NULL is the honeypot's drop.
  `ALTER TABLE submissions ADD COLUMN drop_reason TEXT;`,
  // 4: form tokens' nonces, each spent by the first submission id that used it (a replay of that
  // id is still answered; another id is refused). Swept once no token of theirs can be valid.
  `CREATE TABLE token_nonces (
     form_id       TEXT    NOT NULL,
     nonce         TEXT    NOT NULL,
     submission_id TEXT    NOT NULL,
     issued_at     INTEGER NOT NULL,
     spent_at      INTEGER NOT NULL,
     PRIMARY KEY (form_id, nonce)
   ) WITHOUT ROWID;
   CREATE INDEX token_nonces_issued ON token_nonces (issued_at);`,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The version recorded in a database file (0 for a new, empty one). */
export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the schema up to SCHEMA_VERSION, each step in its own transaction. Returns a problem
 * instead of touching a file written by a newer build: going back would lose what it knows.
 */
export function migrate(db: Database, target: number = SCHEMA_VERSION): string | undefined {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    return `the store's schema is version ${current}, newer than this proxy understands (${SCHEMA_VERSION}); run the newer release or restore a backup`;
  }
  // `target` below SCHEMA_VERSION exists for tests that build an older store to upgrade.
  for (let version = current; version < Math.min(target, SCHEMA_VERSION); version += 1) {
    const sql = MIGRATIONS[version] as string;
    db.transaction(() => {
      db.exec(sql);
      // user_version cannot be bound as a parameter; it is our own integer.
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return undefined;
}
