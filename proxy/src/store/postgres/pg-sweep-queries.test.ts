import { describe, expect, it } from 'vitest';
import { createPgAdmitQueries } from './pg-admit-queries.ts';
import { createPgDeliveryQueries } from './pg-delivery-queries.ts';
import { createPgSweepQueries } from './pg-sweep-queries.ts';
import { admission, usePostgres } from './pg-test-store.ts';

const { freshStore } = usePostgres();

async function column(pool: import('pg').Pool, id: string) {
  return (await pool.query('SELECT state, dead_reason, dead_at, contact, fingerprint, erased_at, next_attempt_at FROM submissions WHERE id = $1', [id])).rows[0];
}

describe('sweep statements on PostgreSQL', () => {
  it('expire dead-letters rows waiting since before the cutoff, never one whose lease still runs', async () => {
    const store = await freshStore();
    const admit = createPgAdmitQueries(store.pool);
    await admit.admit(admission('old', { start: 'queue', nowMs: 1_000 }));
    await admit.admit(admission('old-leased', { nowMs: 1_000, leaseUntil: 90_000 }));
    await admit.admit(admission('young', { start: 'queue', nowMs: 50_000 }));
    await store.pool.query("UPDATE submissions SET last_error = 'timeout', last_status = NULL WHERE id = 'old'");
    const sweeps = createPgSweepQueries(store.pool);
    expect(await sweeps.expire(60_000, 10_000)).toEqual([{ formId: 'default', id: 'old', lastError: 'timeout', lastStatus: null }]);
    expect(await column(store.pool, 'old')).toMatchObject({ state: 'dead', dead_reason: 'expired', dead_at: 60_000 });
    expect(await column(store.pool, 'old-leased')).toMatchObject({ state: 'sending' });
    expect(await column(store.pool, 'young')).toMatchObject({ state: 'queued' });
  });

  it('erase nulls the bodies of old delivered and dropped rows, and later their fingerprints', async () => {
    const store = await freshStore();
    const admit = createPgAdmitQueries(store.pool);
    await admit.admit(admission('delivered', { nowMs: 1_000 }));
    await createPgDeliveryQueries(store.pool).delivered({ formId: 'default', id: 'delivered' }, { owner: 'owner-1', nowMs: 1_100 }, { gleantapId: 'g', optinState: null, calls: 1, failure: null });
    await admit.admit(admission('dropped', { start: 'drop', nowMs: 1_000 }));
    await admit.admit(admission('waiting', { start: 'queue', nowMs: 1_000 }));
    await admit.admit(admission('recent', { start: 'drop', nowMs: 9_000 }));
    const sweeps = createPgSweepQueries(store.pool);
    expect(await sweeps.erase(10_000, 5_000, 0)).toBe(2);
    expect(await column(store.pool, 'delivered')).toMatchObject({ contact: null, erased_at: 10_000, fingerprint: 'fp-delivered' });
    expect(await column(store.pool, 'dropped')).toMatchObject({ contact: null, erased_at: 10_000 });
    expect(await column(store.pool, 'waiting')).toMatchObject({ contact: expect.any(String), erased_at: null });
    expect(await column(store.pool, 'recent')).toMatchObject({ contact: expect.any(String), erased_at: null });
    expect(await sweeps.erase(20_000, 5_000, 5_000)).toBe(0);
    expect(await column(store.pool, 'delivered')).toMatchObject({ fingerprint: null, erased_at: 10_000 });
    expect(await column(store.pool, 'waiting')).toMatchObject({ fingerprint: 'fp-waiting' });
  });

  it('eraseDead blanks dead rows that died before the cutoff, and deadDueBy counts those about to be', async () => {
    const store = await freshStore();
    const admit = createPgAdmitQueries(store.pool);
    await admit.admit(admission('old-dead', { start: 'queue', nowMs: 1_000 }));
    await admit.admit(admission('young-dead', { start: 'queue', nowMs: 1_000 }));
    await admit.admit(admission('waiting', { start: 'queue', nowMs: 1_000 }));
    await store.pool.query("UPDATE submissions SET state = 'dead', dead_reason = 'rejected', dead_at = 2000, last_message = 'Email ada@example.com is invalid' WHERE id = 'old-dead'");
    await store.pool.query("UPDATE submissions SET state = 'dead', dead_reason = 'expired', dead_at = 8000 WHERE id = 'young-dead'");
    const sweeps = createPgSweepQueries(store.pool);
    expect(await sweeps.deadDueBy(5_000)).toBe(1);
    expect(await sweeps.deadDueBy(9_000)).toBe(2);
    expect(await sweeps.eraseDead(10_000, 5_000)).toBe(1);
    expect((await store.pool.query("SELECT state, dead_at, contact, optin, draft, last_message, erased_at FROM submissions WHERE id = 'old-dead'")).rows[0]).toEqual({
      state: 'dead',
      dead_at: 2_000,
      contact: null,
      optin: null,
      draft: null,
      last_message: null,
      erased_at: 10_000,
    });
    expect(await column(store.pool, 'young-dead')).toMatchObject({ contact: expect.any(String), erased_at: null });
    expect(await column(store.pool, 'waiting')).toMatchObject({ contact: expect.any(String), erased_at: null });
    expect(await sweeps.deadDueBy(5_000)).toBe(0);
    expect(await sweeps.eraseDead(11_000, 5_000)).toBe(0);
  });

  it('depth, the oldest waiting row, and clamping waits beyond the cap', async () => {
    const store = await freshStore();
    const sweeps = createPgSweepQueries(store.pool);
    expect(await sweeps.depth()).toEqual({ count: 0, oldestAcceptedAt: null });
    expect(await sweeps.oldestWaiting()).toBeUndefined();
    const admit = createPgAdmitQueries(store.pool);
    await admit.admit(admission('b', { start: 'queue', nowMs: 2_000, nextAttemptAt: 900_000 }));
    await admit.admit(admission('a', { nowMs: 1_500 }));
    await admit.admit(admission('c', { start: 'drop', nowMs: 1_000 }));
    expect(await sweeps.depth()).toEqual({ count: 2, oldestAcceptedAt: 1_500 });
    expect(await sweeps.oldestWaiting()).toEqual({ formId: 'default', id: 'a', queuedSince: 1_500, count: 2 });
    expect(await sweeps.clampWaits(3_000, 100_000)).toBe(1);
    expect(await column(store.pool, 'b')).toMatchObject({ next_attempt_at: 100_000 });
  });
});
