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
  return { queries: createAdmitQueries(opened.store.db, hooks), ids };
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
