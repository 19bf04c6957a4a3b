import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDataDir } from '../testing/harness.ts';
import { createAdmitQueries } from './admit-queries.ts';
import { createNonceSweep } from './nonce-sweep.ts';
import { openStore } from './open-store.ts';

describe('the nonce sweep', () => {
  it('forgets nonces issued before the cutoff and keeps the rest', async () => {
    const opened = openStore({ dataDir: tempDataDir(), mode: 'serve' });
    if (!opened.ok) throw new Error(opened.problem);
    onTestFinished(() => opened.store.close());
    const admit = createAdmitQueries(opened.store.db);
    for (const [id, issuedAt] of [
      ['old', 1_000],
      ['edge', 5_000],
      ['new', 9_000],
    ] as const) {
      await admit.admit({
        key: { formId: 'default', id },
        fingerprint: id,
        contact: undefined,
        optin: undefined,
        apiKeyEnv: 'GLEANTAP_API_KEY',
        secretKeyEnv: 'GLEANTAP_SECRET_KEY',
        start: 'queue',
        nowMs: 10_000,
        owner: 'o',
        leaseUntil: 20_000,
        answerDueUntil: 12_000,
        nextAttemptAt: 10_000,
        token: { nonce: `nonce-${id}`, issuedAt },
      });
    }
    expect(await createNonceSweep(opened.store.db).forget(5_000)).toBe(1);
    const left = opened.store.db.prepare<[], { nonce: string }>('SELECT nonce FROM token_nonces ORDER BY issued_at').all();
    expect(left.map((row) => row.nonce)).toEqual(['nonce-edge', 'nonce-new']);
    // The submissions themselves are the retention sweep's business, not this one's.
    expect(opened.store.db.prepare('SELECT COUNT(*) AS count FROM submissions').get()).toEqual({ count: 3 });
  });
});
