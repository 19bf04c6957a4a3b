import { describe, expect, it } from 'vitest';
import type { RowKey } from '../rows.ts';
import { openPgStore } from './open-pg-store.ts';
import { createPgAdmitQueries } from './pg-admit-queries.ts';
import { createPgDeliveryQueries } from './pg-delivery-queries.ts';
import { admission, usePostgres } from './pg-test-store.ts';

const { freshStore } = usePostgres();

async function stored(store: { pool: import('pg').Pool }, id: string) {
  return (await store.pool.query('SELECT state, answer, lease_owner, lease_until, contact, dead_reason, last_message, draft, optin_state FROM submissions WHERE id = $1', [id])).rows[0];
}

describe('admission on PostgreSQL', () => {
  it('a new submission is inserted, leased to its owner for the inline attempt, handed on as sent', async () => {
    const store = await freshStore();
    const decision = await createPgAdmitQueries(store.pool).admit(admission('a'));
    expect(decision).toEqual({
      kind: 'inserted',
      answer: null,
      row: expect.objectContaining({ id: 'a', contact: expect.objectContaining({ email: 'a@example.com' }), attempts: 0, queuedSince: 1_000, contactDone: false }),
    });
    expect(await stored(store, 'a')).toMatchObject({ state: 'sending', answer: null, lease_owner: 'owner-1', lease_until: 10_000 });
    expect(JSON.parse((await stored(store, 'a')).contact)).toEqual({ app_id: 'app', first_name: 'Ada', last_name: 'Lovelace', email: 'a@example.com' });
  });

  it('queue, drop and invalid start as SQLite does: queued 202, dropped 202, dead invalid_contact with its draft', async () => {
    const store = await freshStore();
    const queries = createPgAdmitQueries(store.pool);
    expect(await queries.admit(admission('q', { start: 'queue' }))).toMatchObject({ kind: 'inserted', answer: 202 });
    expect(await queries.admit(admission('d', { start: 'drop' }))).toMatchObject({ kind: 'inserted', answer: 202 });
    const draft = { values: { first_name: 'Ada' } } as never;
    expect(await queries.admit(admission('i', { start: 'invalid', contact: undefined, invalid: { problem: 'tags: too long', draft } }))).toMatchObject({
      kind: 'inserted',
      answer: 202,
      row: { draft },
    });
    expect(await stored(store, 'q')).toMatchObject({ state: 'queued', answer: 202, lease_owner: null });
    expect(await stored(store, 'd')).toMatchObject({ state: 'dropped', answer: 202 });
    expect(await stored(store, 'i')).toMatchObject({ state: 'dead', dead_reason: 'invalid_contact', last_message: 'tags: too long', draft: JSON.stringify(draft), contact: null });
  });

  it('replays: in progress while unanswered, then the recorded answer; different fields are a conflict', async () => {
    const store = await freshStore();
    const queries = createPgAdmitQueries(store.pool);
    await queries.admit(admission('a'));
    expect(await queries.admit(admission('a', { nowMs: 2_000 }))).toEqual({ kind: 'in_progress' });
    expect(await queries.admit(admission('a', { nowMs: 2_000, fingerprint: 'other' }))).toEqual({ kind: 'conflict' });
    expect(await queries.recordAnswer({ formId: 'default', id: 'a' }, 201, 2_500)).toBe(201);
    // The first answer written stands.
    expect(await queries.recordAnswer({ formId: 'default', id: 'a' }, 202, 2_600)).toBe(201);
    expect(await queries.admit(admission('a', { nowMs: 3_000 }))).toEqual({ kind: 'replay', answer: 201 });
    // The same id on another form is another submission.
    expect(await queries.admit(admission('a', { key: { formId: 'trial', id: 'a' } }))).toMatchObject({ kind: 'inserted' });
  });

  it('a row nobody answers is answered from what the store knows once its answer is overdue', async () => {
    const store = await freshStore();
    const queries = createPgAdmitQueries(store.pool);
    const deliveries = createPgDeliveryQueries(store.pool);
    await queries.admit(admission('queued'));
    await queries.admit(admission('done'));
    await deliveries.delivered({ formId: 'default', id: 'done' }, { owner: 'owner-1', nowMs: 1_500 }, { gleantapId: 'g', optinState: null, calls: 1, failure: null });
    // `delivered` records 201 with the outcome; clear it to play a crashed first request.
    await store.pool.query("UPDATE submissions SET answer = NULL WHERE id = 'done'");
    expect(await queries.admit(admission('queued', { nowMs: 6_000 }))).toEqual({ kind: 'replay', answer: 202 });
    expect(await queries.admit(admission('done', { nowMs: 6_000 }))).toEqual({ kind: 'replay', answer: 201 });
    expect(await stored(store, 'queued')).toMatchObject({ answer: 202 });
    expect(await stored(store, 'done')).toMatchObject({ answer: 201 });
  });

  it('an erased row (no fingerprint left) replays by id alone', async () => {
    const store = await freshStore();
    const queries = createPgAdmitQueries(store.pool);
    await queries.admit(admission('a', { start: 'queue' }));
    await store.pool.query("UPDATE submissions SET fingerprint = NULL WHERE id = 'a'");
    expect(await queries.admit(admission('a', { fingerprint: 'anything' }))).toEqual({ kind: 'replay', answer: 202 });
  });

  it('the same id reaching two instances at once is stored once: one inserts, the other sees it in progress', async () => {
    const store = await freshStore();
    const other = await openPgStore({ databaseUrl: store.url, mode: 'serve' });
    if (!other.ok) throw new Error(other.problem);
    const [a, b] = [createPgAdmitQueries(store.pool), createPgAdmitQueries(other.store.pool)];
    const ids = Array.from({ length: 20 }, (_, index) => `same-${index}`);
    const decisions = await Promise.all(ids.flatMap((id) => [a.admit(admission(id)), b.admit(admission(id, { owner: 'owner-2' }))]));
    await other.store.close();
    for (let index = 0; index < ids.length; index += 1) {
      expect([decisions[2 * index]?.kind, decisions[2 * index + 1]?.kind].sort()).toEqual(['in_progress', 'inserted']);
    }
    expect((await store.pool.query('SELECT COUNT(*) AS n FROM submissions')).rows).toEqual([{ n: 20 }]);
  });

  it('commit hooks run around each admission: before its COMMIT, then once it is durable; a failing commit stores nothing', async () => {
    const store = await freshStore();
    const events: string[] = [];
    const record = (stage: string) => (keys: readonly RowKey[]) => events.push(`${stage}:${keys.map((key) => key.id).join(',')}`);
    const queries = createPgAdmitQueries(store.pool, { beforeCommit: record('before'), afterCommit: record('after') });
    await queries.admit(admission('a'));
    await queries.admit(admission('a', { nowMs: 2_000 }));
    expect(events).toEqual(['before:a', 'after:a', 'before:', 'after:']);

    const failing = createPgAdmitQueries(store.pool, {
      beforeCommit: () => {
        throw new Error('disk I/O error');
      },
    });
    await expect(failing.admit(admission('b'))).rejects.toThrow('disk I/O error');
    expect(await stored(store, 'b')).toBeUndefined();
  });

  it('a contact JSON cannot represent fails its own admission and stores nothing', async () => {
    const store = await freshStore();
    const queries = createPgAdmitQueries(store.pool);
    await expect(queries.admit(admission('c', { contact: { big: 1n } as never }))).rejects.toThrow();
    expect(await queries.admit(admission('d'))).toMatchObject({ kind: 'inserted' });
    expect((await store.pool.query('SELECT id FROM submissions')).rows).toEqual([{ id: 'd' }]);
  });

  it('form token nonces as SQLite: spent by the first id, refused for another (its row rolled back), replays looked up first', async () => {
    const store = await freshStore();
    const queries = createPgAdmitQueries(store.pool);
    const token = { nonce: 'n1', issuedAt: 500 };
    expect(await queries.admit(admission('a', { token, start: 'queue' }))).toMatchObject({ kind: 'inserted' });
    expect(await queries.admit(admission('b', { token }))).toEqual({ kind: 'invalid_token' });
    expect(await stored(store, 'b')).toBeUndefined();
    // A replay of the first id, with its own nonce, a fresh one or replay_only: its first answer, nothing spent.
    for (const again of [token, { nonce: 'n2', issuedAt: 900 }, 'replay_only' as const]) {
      expect(await queries.admit(admission('a', { token: again, start: 'queue', nowMs: 60_000 }))).toEqual({ kind: 'replay', answer: 202 });
    }
    expect(await queries.admit(admission('c', { token: 'replay_only' }))).toEqual({ kind: 'invalid_token' });
    expect(await stored(store, 'c')).toBeUndefined();
    expect((await store.pool.query('SELECT nonce, submission_id FROM token_nonces ORDER BY nonce')).rows).toEqual([{ nonce: 'n1', submission_id: 'a' }]);
    expect(await queries.known({ formId: 'default', id: 'a' })).toBe(true);
    expect(await queries.known({ formId: 'default', id: 'b' })).toBe(false);
  });
});
