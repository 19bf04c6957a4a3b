import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.ts';

const V1_ROW = `INSERT INTO submissions (form_id, id, state, dead_reason, fingerprint, answer, answer_due_until, contact, api_key_env,
  secret_key_env, accepted_at, queued_since, next_attempt_at, attempts, last_error, last_status, gleantap_id, dead_at, updated_at)
  VALUES ('trial', 'a1', 'dead', 'rejected', 'fp', 202, 1, '{"app_id":"x"}', 'K', 'S', 10, 10, 10, 3, 'rejected', 400, NULL, 20, 20),
         ('trial', 'b2', 'delivered', NULL, 'fp2', 201, 1, NULL, 'K', 'S', 11, 11, 11, 1, NULL, NULL, 'g-1', NULL, 21)`;

describe('migration 2: invalid_contact, the last message and the draft', () => {
  it('upgrades a version-1 store keeping every row, and allows the new dead reason', () => {
    const db = new Database(':memory:');
    expect(migrate(db, 1)).toBeUndefined();
    db.exec(V1_ROW);
    expect(() => db.prepare("UPDATE submissions SET dead_reason = 'invalid_contact' WHERE id = 'a1'").run()).toThrow(/CHECK/);

    expect(migrate(db)).toBeUndefined();
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const rows = db.prepare('SELECT form_id, id, state, dead_reason, attempts, last_error, last_status, last_message, gleantap_id, draft FROM submissions ORDER BY id').all();
    expect(rows).toEqual([
      { form_id: 'trial', id: 'a1', state: 'dead', dead_reason: 'rejected', attempts: 3, last_error: 'rejected', last_status: 400, last_message: null, gleantap_id: null, draft: null },
      { form_id: 'trial', id: 'b2', state: 'delivered', dead_reason: null, attempts: 1, last_error: null, last_status: null, last_message: null, gleantap_id: 'g-1', draft: null },
    ]);
    db.prepare("UPDATE submissions SET dead_reason = 'invalid_contact', last_message = 'm', draft = '{}' WHERE id = 'a1'").run();
    expect(() => db.prepare("UPDATE submissions SET dead_reason = 'lost' WHERE id = 'a1'").run()).toThrow(/CHECK/);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'submissions' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    expect(indexes).toEqual([{ name: 'submissions_id' }, { name: 'submissions_state_due' }]);
    db.close();
  });
});

describe('migration 3: why a submission was dropped', () => {
  it('adds drop_reason to a version-2 store, empty for the honeypot drops already there', () => {
    const db = new Database(':memory:');
    expect(migrate(db, 2)).toBeUndefined();
    db.exec(V1_ROW);
    db.prepare("UPDATE submissions SET state = 'dropped' WHERE id = 'b2'").run();
    expect(() => db.prepare("UPDATE submissions SET drop_reason = 'erased'").run()).toThrow(/no such column/);
    expect(migrate(db)).toBeUndefined();
    expect(db.prepare('SELECT id, state, drop_reason FROM submissions ORDER BY id').all()).toEqual([
      { id: 'a1', state: 'dead', drop_reason: null },
      { id: 'b2', state: 'dropped', drop_reason: null },
    ]);
    db.prepare("UPDATE submissions SET drop_reason = 'erased' WHERE id = 'b2'").run();
    db.close();
  });
});
