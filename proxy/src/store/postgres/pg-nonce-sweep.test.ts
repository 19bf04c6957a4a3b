import { describe, expect, it } from 'vitest';
import { createPgAdmitQueries } from './pg-admit-queries.ts';
import { createPgNonceSweep } from './pg-nonce-sweep.ts';
import { admission, usePostgres } from './pg-test-store.ts';

const { freshStore } = usePostgres();

describe('the nonce sweep on PostgreSQL', () => {
  it('forgets the nonces of tokens issued before the cutoff and keeps the younger ones and every submission', async () => {
    const store = await freshStore();
    const admit = createPgAdmitQueries(store.pool);
    await admit.admit(admission('old', { token: { nonce: 'nonce-old', issuedAt: 1_000 } }));
    await admit.admit(admission('young', { token: { nonce: 'nonce-young', issuedAt: 9_000 } }));
    const nonces = async () => (await store.pool.query<{ nonce: string }>('SELECT nonce FROM token_nonces ORDER BY nonce')).rows.map((row) => row.nonce);
    expect(await nonces()).toEqual(['nonce-old', 'nonce-young']);

    expect(await createPgNonceSweep(store.pool).forget(5_000)).toBe(1);
    expect(await nonces()).toEqual(['nonce-young']);
    expect((await store.pool.query('SELECT id FROM submissions ORDER BY id')).rows).toEqual([{ id: 'old' }, { id: 'young' }]);
  });
});
