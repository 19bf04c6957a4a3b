import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDataDir } from '../testing/harness.ts';
import { type AdmitInput, createAdmitQueries } from './admit-queries.ts';
import { openStore } from './open-store.ts';
import type { CommitHooks } from './store-faults.ts';

function openQueries(hooks: CommitHooks) {
  const opened = openStore({ dataDir: tempDataDir(), mode: 'serve' });
  if (!opened.ok) throw new Error(opened.problem);
  onTestFinished(() => opened.store.close());
  const ids = (): string[] =>
    opened.store.db
      .prepare<[], { id: string }>('SELECT id FROM submissions ORDER BY id')
      .all()
      .map((row) => row.id);
  const nonces = (): string[] =>
    opened.store.db
      .prepare<[], { nonce: string; submission_id: string }>('SELECT nonce, submission_id FROM token_nonces ORDER BY nonce')
      .all()
      .map((row) => `${row.nonce}:${row.submission_id}`);
  return { queries: createAdmitQueries(opened.store.db, hooks), ids, nonces, db: opened.store.db };
}

function input(id: string, contact: unknown = { email: `${id}@example.com` }): AdmitInput {
  return {
    key: { formId: 'default', id },
    fingerprint: `fp-${id}`,
    contact: contact as AdmitInput['contact'],
    optin: undefined,
    apiKeyEnv: 'GLEANTAP_API_KEY',
    secretKeyEnv: 'GLEANTAP_SECRET_KEY',
    start: 'attempt',
    nowMs: 1_000,
    owner: 'owner-1',
    leaseUntil: 10_000,
    answerDueUntil: 5_000,
    nextAttemptAt: 1_000,
    token: { nonce: `nonce-${id}`, issuedAt: 500 },
  };
}

describe('group commit of admissions', () => {
  it('admissions of one turn share a commit, in arrival order; a failing one is rolled back alone', async () => {
    const commits: string[][] = [];
    const { queries, ids } = openQueries({ afterCommit: (keys) => commits.push(keys.map((key) => key.id)) });
    // A contact JSON cannot represent: that admission's own statements fail.
    const broken = input('c', { big: 1n });
    const results = await Promise.allSettled([queries.admit(input('a')), queries.admit(input('a')), queries.admit(broken), queries.admit(input('b'))]);

    expect(results.map((result) => (result.status === 'fulfilled' ? result.value.kind : 'rejected'))).toEqual(['inserted', 'in_progress', 'rejected', 'inserted']);
    expect(commits).toEqual([['a', 'b']]);
    expect(ids()).toEqual(['a', 'b']);
    // The row handed on is the one inserted, as the caller sent it.
    expect(results[0]).toMatchObject({ value: { row: { id: 'a', contact: { email: 'a@example.com' }, attempts: 0, queuedSince: 1_000, contactDone: false } } });
  });

  it('a commit that fails fails every admission of its batch, and stores none', async () => {
    const { queries, ids } = openQueries({
      beforeCommit: () => {
        throw new Error('disk I/O error');
      },
    });
    const results = await Promise.allSettled([queries.admit(input('a')), queries.admit(input('b'))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(ids()).toEqual([]);
  });
});

describe('form token nonces at admission', () => {
  const withToken = (id: string, token: AdmitInput['token']): AdmitInput => ({ ...input(id), fingerprint: 'same-intent', token });

  it('a nonce is spent by the first id; another id with it is refused and stores nothing, in the same batch or later', async () => {
    const { queries, ids, nonces } = openQueries({});
    const token = { nonce: 'n1', issuedAt: 500 };
    const [first, rival] = await Promise.all([queries.admit(withToken('a', token)), queries.admit(withToken('b', token))]);
    expect([first.kind, rival.kind]).toEqual(['inserted', 'invalid_token']);
    expect((await queries.admit(withToken('c', token))).kind).toBe('invalid_token');
    expect(ids()).toEqual(['a']);
    expect(nonces()).toEqual(['n1:a']);
  });

  it('a replay of the first id is looked up before its token: the same nonce, a fresh one or replay_only all replay', async () => {
    const { queries, nonces } = openQueries({});
    const first = await queries.admit(withToken('a', { nonce: 'n1', issuedAt: 500 }));
    expect(first.kind).toBe('inserted');
    const later = { nowMs: 60_000 };
    expect(await queries.admit({ ...withToken('a', { nonce: 'n1', issuedAt: 500 }), ...later })).toMatchObject({ kind: 'replay' });
    expect(await queries.admit({ ...withToken('a', { nonce: 'n2', issuedAt: 900 }), ...later })).toMatchObject({ kind: 'replay' });
    expect(await queries.admit({ ...withToken('a', 'replay_only'), ...later })).toMatchObject({ kind: 'replay' });
    // The replay did not spend the fresh nonce: another id may still use it.
    expect(nonces()).toEqual(['n1:a']);
    expect((await queries.admit(withToken('b', { nonce: 'n2', issuedAt: 900 }))).kind).toBe('inserted');
  });

  it('replay_only with no stored id is refused and stores nothing', async () => {
    const { queries, ids, nonces } = openQueries({});
    expect((await queries.admit(withToken('a', 'replay_only'))).kind).toBe('invalid_token');
    expect(ids()).toEqual([]);
    expect(nonces()).toEqual([]);
  });

  it('known() tells a stored id from a new one', async () => {
    const { queries } = openQueries({});
    await queries.admit(input('a'));
    expect(await queries.known({ formId: 'default', id: 'a' })).toBe(true);
    expect(await queries.known({ formId: 'default', id: 'b' })).toBe(false);
    expect(await queries.known({ formId: 'other', id: 'a' })).toBe(false);
  });
});
