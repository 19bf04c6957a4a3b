import { describe, expect, it } from 'vitest';
import { createPgAdmitQueries } from './pg-admit-queries.ts';
import { createPgDeliveryQueries } from './pg-delivery-queries.ts';
import { createPgForgetQueries } from './pg-forget-queries.ts';
import { admission, usePostgres } from './pg-test-store.ts';

const { freshStore } = usePostgres();
const lease = { owner: 'owner-1', nowMs: 1_100 };

describe('forget statements on PostgreSQL', () => {
  it('erase one person from rows in every state, withdraw the undelivered ones, and leave others whole', async () => {
    const store = await freshStore();
    const admit = createPgAdmitQueries(store.pool);
    const deliveries = createPgDeliveryQueries(store.pool);
    const ada = (id: string) => ({ app_id: 'app', first_name: 'Ada', last_name: 'Lovelace', email: ' Ada@Example.com', phone: '+14155552671', capture_submission_id: id });
    await admit.admit(admission('delivered', { contact: ada('delivered') as never }));
    await deliveries.delivered({ formId: 'default', id: 'delivered' }, lease, { gleantapId: 'g-1', optinState: null, calls: 1, failure: null });
    await admit.admit(admission('in-flight', { contact: ada('in-flight') as never }));
    await admit.admit(admission('queued', { start: 'queue', contact: ada('queued') as never }));
    await admit.admit(
      admission('dead', {
        start: 'invalid',
        contact: undefined,
        invalid: { problem: 'no name', draft: { values: { phone: '+14155552671' }, consent: {}, context: undefined, acceptedAt: 1_000 } },
      }),
    );
    await admit.admit(admission('bob', { start: 'queue' }));
    const forget = createPgForgetQueries(store.pool);

    expect((await forget.personRows({ phone: '+14155552671' })).map((row) => [row.id, row.state])).toEqual([
      ['dead', 'dead'],
      ['delivered', 'delivered'],
      ['in-flight', 'sending'],
      ['queued', 'queued'],
    ]);
    expect((await forget.forget({ email: 'ada@example.com', phone: '+14155552671' }, 5_000)).map((row) => [row.id, row.was, row.state])).toEqual([
      ['dead', 'dead', 'dropped'],
      ['delivered', 'delivered', 'delivered'],
      ['in-flight', 'sending', 'dropped'],
      ['queued', 'queued', 'dropped'],
    ]);
    // The attempt in flight lost its lease: its outcome changes nothing, and nobody claims the row.
    expect(await deliveries.delivered({ formId: 'default', id: 'in-flight' }, lease, { gleantapId: 'g-2', optinState: null, calls: 1, failure: null })).toBe(false);
    expect(await deliveries.claim({ owner: 'owner-2', nowMs: 50_000 }, 60_000, 10)).toEqual([expect.objectContaining({ id: 'bob' })]);
    const rows = (await store.pool.query('SELECT id, state, drop_reason, contact, optin, draft, last_message, fingerprint, lease_owner, erased_at, gleantap_id FROM submissions ORDER BY id')).rows;
    expect(rows).toEqual([
      expect.objectContaining({ id: 'bob', state: 'sending', contact: expect.stringContaining('bob@example.com'), fingerprint: 'fp-bob', erased_at: null }),
      { id: 'dead', state: 'dropped', drop_reason: 'erased', contact: null, optin: null, draft: null, last_message: null, fingerprint: null, lease_owner: null, erased_at: 5_000, gleantap_id: null },
      {
        id: 'delivered',
        state: 'delivered',
        drop_reason: null,
        contact: null,
        optin: null,
        draft: null,
        last_message: null,
        fingerprint: null,
        lease_owner: null,
        erased_at: 5_000,
        gleantap_id: 'g-1',
      },
      {
        id: 'in-flight',
        state: 'dropped',
        drop_reason: 'erased',
        contact: null,
        optin: null,
        draft: null,
        last_message: null,
        fingerprint: null,
        lease_owner: null,
        erased_at: 5_000,
        gleantap_id: null,
      },
      { id: 'queued', state: 'dropped', drop_reason: 'erased', contact: null, optin: null, draft: null, last_message: null, fingerprint: null, lease_owner: null, erased_at: 5_000, gleantap_id: null },
    ]);
    expect(await forget.personRows({ email: 'ada@example.com' })).toEqual([]);
  });
});
