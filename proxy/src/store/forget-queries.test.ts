import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDataDir } from '../testing/harness.ts';
import { type AdmitInput, createAdmitQueries } from './admit-queries.ts';
import { createDeliveryQueries } from './delivery-queries.ts';
import { createForgetQueries } from './forget-queries.ts';
import { openStore, type SqliteStore } from './open-store.ts';

function open(dataDir: string, mode: 'serve' | 'admin'): SqliteStore {
  const opened = openStore({ dataDir, mode });
  if (!opened.ok) throw new Error(opened.problem);
  onTestFinished(() => opened.store.close());
  return opened.store;
}

function input(id: string, email: string, overrides: Partial<AdmitInput> = {}): AdmitInput {
  return {
    key: { formId: 'default', id },
    fingerprint: `fp-${id}`,
    token: { nonce: `nonce-${id}`, issuedAt: 1_000 },
    contact: { app_id: 'app', first_name: `Name-${id}`, last_name: 'Lovelace', email, phone: '+14155552671' } as AdmitInput['contact'],
    optin: undefined,
    apiKeyEnv: 'GLEANTAP_API_KEY',
    secretKeyEnv: 'GLEANTAP_SECRET_KEY',
    start: 'attempt',
    nowMs: 1_000,
    owner: 'serve-1',
    leaseUntil: 10_000,
    answerDueUntil: 5_000,
    nextAttemptAt: 1_000,
    ...overrides,
  };
}

const lease = { owner: 'serve-1', nowMs: 2_000 };

describe('forget queries', () => {
  it('leave no freed copy of a row serve rewrote as it delivered it', async () => {
    const dataDir = tempDataDir();
    const serve = open(dataDir, 'serve');
    const admit = createAdmitQueries(serve.db);
    const deliveries = createDeliveryQueries(serve.db);
    for (let n = 0; n < 20; n += 1) await admit.admit(input(`lead-${n}`, `person-${n}@example.com`));
    // The life of a lead: a failure with Gleantap's words, a new lease, then delivered. Each
    // rewrite frees the row's previous cell, with the contact in it.
    const key = { formId: 'default', id: 'lead-7' };
    await deliveries.retryLater(key, lease, 2_000, { reason: 'upstream_error', status: 503, message: 'Service temporarily unavailable, please retry later' }, null);
    await deliveries.claim({ owner: 'serve-1', nowMs: 3_000 }, 20_000, 20);
    await deliveries.delivered(key, { owner: 'serve-1', nowMs: 3_000 }, { gleantapId: 'g-7', optinState: null, calls: 1, failure: null });

    const forget = createForgetQueries(open(dataDir, 'admin').db);
    expect(await forget.forget({ email: 'person-7@example.com' }, 4_000)).toEqual([{ formId: 'default', id: 'lead-7', was: 'delivered', state: 'delivered' }]);
    expect(await forget.checkpoint()).toEqual({ ok: true });
    const bytes = Buffer.concat([readFileSync(serve.path), readFileSync(`${serve.path}-wal`)]);
    expect(bytes.includes(Buffer.from('person-7@example.com'))).toBe(false);
    expect(bytes.includes(Buffer.from('Name-lead-7'))).toBe(false);
    expect(bytes.includes(Buffer.from('person-8@example.com'))).toBe(true);
  });

  it('take the lease away, so the outcome of a call in flight cannot bring the lead back', async () => {
    const dataDir = tempDataDir();
    const serve = open(dataDir, 'serve');
    await createAdmitQueries(serve.db).admit(input('in-flight', 'ada@example.com'));
    const forget = createForgetQueries(open(dataDir, 'admin').db);
    expect(await forget.forget({ email: 'ada@example.com' }, 3_000)).toEqual([{ formId: 'default', id: 'in-flight', was: 'sending', state: 'dropped' }]);

    const deliveries = createDeliveryQueries(serve.db);
    const key = { formId: 'default', id: 'in-flight' };
    expect(await deliveries.delivered(key, lease, { gleantapId: 'g-1', optinState: null, calls: 1, failure: null })).toBe(false);
    expect(await deliveries.retryLater(key, lease, 2_000, { reason: 'timeout', status: null }, null)).toBe(false);
    expect(await deliveries.claim({ owner: 'serve-2', nowMs: 30_000 }, 40_000, 10)).toEqual([]);
    expect(serve.db.prepare('SELECT state, drop_reason, lease_owner, contact, fingerprint, erased_at FROM submissions').get()).toEqual({
      state: 'dropped',
      drop_reason: 'erased',
      lease_owner: null,
      contact: null,
      fingerprint: null,
      erased_at: 3_000,
    });
  });

  it('match the email case-insensitively and the phone, in bodies, optin bodies and kept drafts, within one form when asked', async () => {
    const dataDir = tempDataDir();
    const serve = open(dataDir, 'serve');
    const admit = createAdmitQueries(serve.db);
    await admit.admit(input('body', ' Ada@Example.COM', { start: 'queue' }));
    await admit.admit(
      input('optin-only', 'other@example.com', {
        start: 'queue',
        key: { formId: 'trial', id: 'optin-only' },
        contact: { app_id: 'app', first_name: 'B', last_name: 'C', email: 'other@example.com' } as AdmitInput['contact'],
        optin: { app_id: 'app', phone: '+14155552671', email: 'other@example.com', user_id: 'u' },
      }),
    );
    await admit.admit(
      input('draft', 'x', {
        start: 'invalid',
        contact: undefined,
        invalid: { problem: 'no name', draft: { values: { email: 'ADA@example.com' }, consent: {}, context: undefined, acceptedAt: 1_000 } },
      }),
    );
    await admit.admit(input('someone-else', 'bob@example.com', { start: 'queue', contact: { app_id: 'app', first_name: 'Bob', last_name: 'B', email: 'bob@example.com' } as AdmitInput['contact'] }));
    const forget = createForgetQueries(open(dataDir, 'admin').db);
    const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((row) => row.id).sort();
    expect(ids(await forget.personRows({ email: 'ada@example.com' }))).toEqual(['body', 'draft']);
    expect(ids(await forget.personRows({ phone: '+14155552671' }))).toEqual(['body', 'optin-only']);
    expect(ids(await forget.personRows({ phone: '+14155552671', formId: 'trial' }))).toEqual(['optin-only']);
    expect((await forget.personRows({ email: 'ada@example.com' })).find((row) => row.id === 'draft')).toMatchObject({ state: 'dead', fields: { email: 'ADA@example.com' } });
    expect((await forget.forget({ email: 'ada@example.com', phone: '+14155552671' }, 5_000)).map((row) => [row.id, row.was, row.state])).toEqual([
      ['body', 'queued', 'dropped'],
      ['draft', 'dead', 'dropped'],
      ['optin-only', 'queued', 'dropped'],
    ]);
    expect(ids(await forget.personRows({ email: 'bob@example.com' }))).toEqual(['someone-else']);
    expect(serve.db.prepare("SELECT contact, optin, draft, last_message FROM submissions WHERE id = 'draft'").get()).toEqual({ contact: null, optin: null, draft: null, last_message: null });
  });
});
