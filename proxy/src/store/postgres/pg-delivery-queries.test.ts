import { describe, expect, it } from 'vitest';
import { openPgStore } from './open-pg-store.ts';
import { createPgAdmitQueries } from './pg-admit-queries.ts';
import { createPgDeliveryQueries } from './pg-delivery-queries.ts';
import { admission, usePostgres } from './pg-test-store.ts';

const { freshStore } = usePostgres();
const key = (id: string) => ({ formId: 'default', id });
const failure = { reason: 'upstream_5xx', status: 503, message: 'busy' };

async function row(pool: import('pg').Pool, id: string) {
  return (await pool.query('SELECT * FROM submissions WHERE id = $1', [id])).rows[0];
}

describe('delivery statements on PostgreSQL', () => {
  it('claims due rows whose lease is free or expired, oldest due first, leasing them to the claimer', async () => {
    const store = await freshStore();
    const admit = createPgAdmitQueries(store.pool);
    await admit.admit(admission('later', { start: 'queue', nextAttemptAt: 3_000 }));
    await admit.admit(admission('first', { start: 'queue', nextAttemptAt: 1_000 }));
    await admit.admit(admission('leased')); // leased until 10_000 by owner-1
    await admit.admit(admission('future', { start: 'queue', nextAttemptAt: 99_000 }));
    await admit.admit(admission('gone', { start: 'drop' }));
    const deliveries = createPgDeliveryQueries(store.pool);

    const claimed = await deliveries.claim({ owner: 'w', nowMs: 5_000 }, 20_000, 10);
    expect(claimed.map((r) => r.id)).toEqual(['first', 'later']);
    expect(claimed[0]).toMatchObject({ formId: 'default', contact: { email: 'first@example.com' }, apiKeyEnv: 'GLEANTAP_API_KEY', attempts: 0, contactDone: false });
    expect(await row(store.pool, 'first')).toMatchObject({ state: 'sending', lease_owner: 'w', lease_until: 20_000 });
    expect(await deliveries.claim({ owner: 'x', nowMs: 6_000 }, 20_000, 10)).toEqual([]);
    // The inline attempt's lease expired: its row is anyone's.
    expect((await deliveries.claim({ owner: 'x', nowMs: 10_000 }, 30_000, 10)).map((r) => r.id)).toEqual(['leased']);
    expect((await deliveries.claim({ owner: 'x', nowMs: 20_000 }, 40_000, 1)).map((r) => r.id)).toHaveLength(1);
  });

  it('two instances claiming together never claim the same row, and between them claim every row', async () => {
    const store = await freshStore({ maxConnections: 4 });
    const other = await openPgStore({ databaseUrl: store.url, mode: 'serve', maxConnections: 4 });
    if (!other.ok) throw new Error(other.problem);
    const admit = createPgAdmitQueries(store.pool);
    const ids = Array.from({ length: 200 }, (_, index) => `row-${String(index).padStart(3, '0')}`);
    await Promise.all(ids.map((id) => admit.admit(admission(id, { start: 'queue' }))));
    const [a, b] = [createPgDeliveryQueries(store.pool), createPgDeliveryQueries(other.store.pool)];
    const claimedBy = new Map<string, string[]>();
    const drain = async (queries: typeof a, owner: string) => {
      for (;;) {
        const rows = await queries.claim({ owner, nowMs: 5_000 }, 60_000, 7);
        if (rows.length === 0) return;
        for (const r of rows) claimedBy.set(r.id, [...(claimedBy.get(r.id) ?? []), owner]);
      }
    };
    await Promise.all([drain(a, 'a1'), drain(a, 'a2'), drain(b, 'b1'), drain(b, 'b2')]);
    await other.store.close();
    expect([...claimedBy.keys()].sort()).toEqual(ids);
    expect([...claimedBy.values()].filter((owners) => owners.length !== 1)).toEqual([]);
  });

  it('every outcome is written only by the lease holder', async () => {
    const store = await freshStore();
    await createPgAdmitQueries(store.pool).admit(admission('a'));
    const q = createPgDeliveryQueries(store.pool);
    const stranger = { owner: 'stranger', nowMs: 2_000 };
    expect(await q.contactDone(key('a'), stranger, 'g', 20_000)).toBe(false);
    expect(await q.delivered(key('a'), stranger, { gleantapId: 'g', optinState: null, calls: 1, failure: null })).toBe(false);
    expect(await q.retryLater(key('a'), stranger, 9_000, failure, null)).toBe(false);
    expect(await q.dead(key('a'), stranger, 'rejected', failure, 1, null)).toBe(false);
    expect(await q.defer(key('a'), stranger, 9_000)).toBe(false);
    expect(await q.optinSending(key('a'), stranger, 9_000)).toBe(false);
    expect(await q.setBodies(key('a'), stranger, { app_id: 'x' } as never, undefined, { apiKeyEnv: 'A', secretKeyEnv: 'B' })).toBe(false);
    expect(await row(store.pool, 'a')).toMatchObject({ state: 'sending', attempts: 0, answer: null, lease_owner: 'owner-1' });
  });

  it('outcomes: retry later, contact done (answer 201), optin sending once, delivered, dead', async () => {
    const store = await freshStore();
    const admit = createPgAdmitQueries(store.pool);
    const q = createPgDeliveryQueries(store.pool);
    const lease = { owner: 'owner-1', nowMs: 2_000 };
    await admit.admit(admission('r'));
    expect(await q.retryLater(key('r'), lease, 9_000, failure, null)).toBe(true);
    expect(await row(store.pool, 'r')).toMatchObject({ state: 'queued', next_attempt_at: 9_000, attempts: 1, last_error: 'upstream_5xx', last_status: 503, last_message: 'busy', lease_owner: null });

    await admit.admit(admission('o', { optin: { app_id: 'x' } as never }));
    expect(await q.contactDone(key('o'), lease, 'g-1', 30_000)).toBe(true);
    expect(await row(store.pool, 'o')).toMatchObject({ contact_done_at: 2_000, gleantap_id: 'g-1', attempts: 1, answer: 201, lease_until: 30_000, optin_state: 'pending' });
    expect(await q.optinSending(key('o'), lease, 40_000)).toBe(true);
    expect(await q.optinSending(key('o'), lease, 40_000)).toBe(false);
    expect(await q.delivered(key('o'), { owner: 'owner-1', nowMs: 3_000 }, { gleantapId: null, optinState: 'sent', calls: 1, failure: null })).toBe(true);
    expect(await row(store.pool, 'o')).toMatchObject({ state: 'delivered', delivered_at: 3_000, gleantap_id: 'g-1', optin_state: 'sent', attempts: 2, answer: 201, lease_owner: null });

    await admit.admit(admission('x'));
    await createPgAdmitQueries(store.pool).recordAnswer(key('x'), 202, 1_500);
    expect(await q.dead(key('x'), lease, 'rejected', { reason: 'rejected', status: 400, message: 'bad email' }, 1, null)).toBe(true);
    expect(await row(store.pool, 'x')).toMatchObject({ state: 'dead', dead_reason: 'rejected', dead_at: 2_000, attempts: 1, last_status: 400, answer: 202 });
  });

  it('defer gives the row back without a call; shutdown releases every row this owner holds, due now', async () => {
    const store = await freshStore();
    const admit = createPgAdmitQueries(store.pool);
    const q = createPgDeliveryQueries(store.pool);
    await admit.admit(admission('d'));
    expect(await q.defer(key('d'), { owner: 'owner-1', nowMs: 2_000 }, 8_000)).toBe(true);
    expect(await row(store.pool, 'd')).toMatchObject({ state: 'queued', next_attempt_at: 8_000, attempts: 0, lease_owner: null });
    await admit.admit(admission('m1'));
    await admit.admit(admission('m2', { nextAttemptAt: 50_000 }));
    await admit.admit(admission('theirs', { owner: 'owner-2' }));
    expect(await q.releaseOwned({ owner: 'owner-1', nowMs: 3_000 })).toBe(2);
    expect(await row(store.pool, 'm2')).toMatchObject({ state: 'queued', next_attempt_at: 3_000, lease_owner: null, lease_until: null });
    expect(await row(store.pool, 'theirs')).toMatchObject({ state: 'sending', lease_owner: 'owner-2' });
  });

  it('setBodies stores an invalid_contact lead’s rebuilt bodies and drops its draft', async () => {
    const store = await freshStore();
    await createPgAdmitQueries(store.pool).admit(admission('i', { start: 'invalid', contact: undefined, invalid: { problem: 'p', draft: { values: {} } as never } }));
    await store.pool.query("UPDATE submissions SET state = 'sending', lease_owner = 'w' WHERE id = 'i'");
    const q = createPgDeliveryQueries(store.pool);
    expect(await q.setBodies(key('i'), { owner: 'w', nowMs: 2_000 }, { app_id: 'new' } as never, { app_id: 'o' } as never, { apiKeyEnv: 'GLEANTAP_B', secretKeyEnv: 'GLEANTAP_C' })).toBe(true);
    expect(await row(store.pool, 'i')).toMatchObject({ contact: '{"app_id":"new"}', optin: '{"app_id":"o"}', optin_state: 'pending', draft: null, api_key_env: 'GLEANTAP_B' });
  });
});
