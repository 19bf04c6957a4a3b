import { describe, expect, it } from 'vitest';
import { createPgAdminQueries } from './pg-admin-queries.ts';
import { createPgAdmitQueries } from './pg-admit-queries.ts';
import { createPgDeliveryQueries } from './pg-delivery-queries.ts';
import { admission, usePostgres } from './pg-test-store.ts';

const { freshStore } = usePostgres();
const rejected = { reason: 'rejected', status: 400, message: 'bad' };

async function setUp() {
  const store = await freshStore();
  const admit = createPgAdmitQueries(store.pool);
  const deliveries = createPgDeliveryQueries(store.pool);
  await admit.admit(admission('dead-1', { nowMs: 1_000 }));
  await deliveries.dead({ formId: 'default', id: 'dead-1' }, { owner: 'owner-1', nowMs: 1_100 }, 'rejected', rejected, 1, null);
  await admit.admit(admission('dead-2', { nowMs: 1_200, key: { formId: 'Trial', id: 'dead-2' } }));
  await deliveries.dead({ formId: 'Trial', id: 'dead-2' }, { owner: 'owner-1', nowMs: 1_300 }, 'rejected', rejected, 1, null);
  await admit.admit(admission('done', { nowMs: 1_400 }));
  await deliveries.delivered({ formId: 'default', id: 'done' }, { owner: 'owner-1', nowMs: 1_500 }, { gleantapId: 'g-9', optinState: null, calls: 1, failure: null });
  await admit.admit(admission('waiting', { start: 'queue', nowMs: 1_600, nextAttemptAt: 90_000 }));
  await admit.admit(admission('busy', { nowMs: 1_700, leaseUntil: 99_000 }));
  return { store, admin: createPgAdminQueries(store.pool) };
}

describe('outbox command statements on PostgreSQL', () => {
  it('list: every row or one state, in acceptance order, as summaries without personal data', async () => {
    const { admin } = await setUp();
    expect((await admin.list(undefined)).map((row) => `${row.id}:${row.state}`)).toEqual(['dead-1:dead', 'dead-2:dead', 'done:delivered', 'waiting:queued', 'busy:sending']);
    const [done] = await admin.list('delivered');
    expect(done).toEqual({
      formId: 'default',
      id: 'done',
      state: 'delivered',
      deadReason: null,
      dropReason: null,
      attempts: 1,
      lastError: null,
      lastStatus: null,
      lastMessage: null,
      gleantapId: 'g-9',
      optin: null,
      acceptedAt: 1_400,
      nextAttemptAt: null,
      deliveredAt: 1_500,
      deadAt: null,
      erasedAt: null,
    });
    expect((await admin.list('queued'))[0]).toMatchObject({ id: 'waiting', nextAttemptAt: 90_000 });
  });

  it('retry: dead rows requeued with a fresh life, a queued one due now; busy, delivered and erased ones left alone', async () => {
    const { store, admin } = await setUp();
    expect(await admin.retry({ id: 'waiting' }, 5_000)).toEqual({ retried: [{ formId: 'default', id: 'waiting', how: 'due_now' }], skipped: [] });
    expect(await admin.retry({ id: 'busy' }, 5_000)).toEqual({ retried: [], skipped: [{ formId: 'default', id: 'busy', state: 'sending', why: 'not_dead' }] });
    expect(await admin.retry({ id: 'done' }, 5_000)).toEqual({ retried: [], skipped: [{ formId: 'default', id: 'done', state: 'delivered', why: 'not_dead' }] });
    await store.pool.query("UPDATE submissions SET contact = NULL WHERE id = 'dead-2'");
    expect(await admin.retry('all-dead', 6_000)).toEqual({
      retried: [{ formId: 'default', id: 'dead-1', how: 'requeued' }],
      skipped: [{ formId: 'Trial', id: 'dead-2', state: 'dead', why: 'erased' }],
    });
    const row = (await store.pool.query("SELECT state, dead_reason, attempts, queued_since, next_attempt_at FROM submissions WHERE id = 'dead-1'")).rows[0];
    expect(row).toEqual({ state: 'queued', dead_reason: null, attempts: 0, queued_since: 6_000, next_attempt_at: 6_000 });
    expect(await admin.retry({ id: 'nobody' }, 6_000)).toEqual({ retried: [], skipped: [] });
  });

  it('purge deletes delivered and dead rows older than the cutoff, never a waiting one; export carries the stored body', async () => {
    const { admin } = await setUp();
    const exported = await admin.exportRows('dead');
    expect(exported.map((row) => row.id)).toEqual(['dead-1', 'dead-2']);
    expect(exported[0]).toMatchObject({ state: 'dead', deadReason: 'rejected', lastMessage: 'bad', contact: { email: 'dead-1@example.com' }, fields: null });
    expect(await admin.purge(1_200)).toBe(1);
    expect(await admin.purge(10_000)).toBe(2);
    expect((await admin.list(undefined)).map((row) => row.id)).toEqual(['waiting', 'busy']);
  });
});
