import { expect, it, onTestFinished } from 'vitest';
import { post, startHarness, tempDataDir } from '../../testing/harness.ts';
import { runOutbox as outbox } from '../../testing/outbox-cli.ts';
import { contactsById, formsWithOutbox, lead } from '../../testing/outbox-fixtures.ts';
import { describeStores } from '../../testing/test-postgres.ts';
import { waitFor } from '../../testing/wait-for.ts';

const DAY = 86_400_000;

const FORMS = formsWithOutbox(
  { inlineBudgetMs: 300, backoff: { baseMs: 50, capMs: 100 } },
  {
    default: { fields: [{ name: 'first_name', required: true }, { name: 'last_name', required: true }, { name: 'email', required: true }, { name: 'phone' }] },
    // Its keys are refused by the sandbox: every lead on it dies `rejected`.
    other: {
      fields: [{ name: 'first_name', required: true }, { name: 'last_name', required: true }, { name: 'email', required: true }, { name: 'phone' }],
      account: { appId: 'app-other', apiKeyEnv: 'GLEANTAP_OTHER_API_KEY', secretKeyEnv: 'GLEANTAP_OTHER_SECRET_KEY' },
    },
  },
);

describeStores('gleantap-capture outbox, beside a running proxy', (store) => {
  it('lists, exports, purges and retries what the proxy stored', async () => {
    let offset = -2 * DAY;
    const harness = await startHarness({
      store,
      formsFile: FORMS,
      env: { GLEANTAP_OTHER_API_KEY: 'other-key-1234', GLEANTAP_OTHER_SECRET_KEY: 'other-secret-1234' },
      now: () => new Date(Date.now() + offset),
    });
    onTestFinished(() => harness.close());
    const url = harness.proxy.url;
    const delivered = lead('old-delivered');
    const dead = { ...lead('old-dead'), fields: { first_name: 'Eve', last_name: '=HYPERLINK("http://x.example")', email: 'eve@example.com', phone: '+1 415 555 2671' } };
    const dropped = lead('old-dropped', { hp: 'https://spam.example' });
    const queued = lead('old-queued');
    expect((await post(url, delivered)).status).toBe(201);
    expect((await post(url, dead, { formId: 'other' })).status).toBe(202);
    expect((await post(url, dropped)).status).toBe(202);
    await harness.fault({ mode: 'error', status: 503 });
    expect((await post(url, queued)).status).toBe(202);
    offset = 0;
    const fresh = lead('fresh');
    expect((await post(url, fresh)).status).toBe(202);

    expect(await harness.proxy.metrics()).toMatchObject({ accepted: 4, dropped: 1 });
    await waitFor('the dead lead recorded', async () => (await outbox(harness, 'list', '--state', 'dead', '--json')).stdout.includes(dead.id));
    const listed = JSON.parse((await outbox(harness, 'list', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(new Map(listed.map((row) => [row['id'], row['state']]))).toEqual(
      new Map<unknown, unknown>([
        [delivered.id, 'delivered'],
        [dead.id, 'dead'],
        [dropped.id, 'dropped'],
        [queued.id, expect.stringMatching(/queued|sending/)],
        [fresh.id, expect.stringMatching(/queued|sending/)],
      ]),
    );
    expect(listed.find((row) => row['id'] === dead.id)).toMatchObject({ form: 'other', deadReason: 'rejected', lastError: 'unauthorized', lastStatus: 401, acceptedAt: expect.stringMatching(/Z$/) });

    // The text list: one line per row, no personal data.
    const text = await outbox(harness, 'list');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^ID\s+FORM\s+STATE\s+REASON\s+ATTEMPTS\s+GLEANTAP ID\s+OPTIN\s+ACCEPTED\s+LAST ERROR$/);
    expect(text.stdout.split('\n')).toHaveLength(6);
    for (const value of ['eve@example.com', 'Eve', 'HYPERLINK', delivered.fields['email']]) expect(text.stdout).not.toContain(value);

    // Export carries the data, spreadsheet-safe.
    const csv = await outbox(harness, 'export', '--state', 'dead', '--format', 'csv');
    expect(csv.code).toBe(0);
    const [header, row] = csv.stdout.split('\n');
    expect(header).toBe(
      'id,form,state,dead_reason,attempts,last_error,last_status,last_message,gleantap_id,accepted_at,app_id,first_name,last_name,email,phone,source,tag_action,capture_accepted_at,capture_submission_id',
    );
    expect(row).toContain(`${dead.id},other,dead,rejected,1,unauthorized,401,Invalid API credentials,,`);
    expect(row).toContain(`,app-other,Eve,"'=HYPERLINK(""http://x.example"")",eve@example.com,+14155552671,website,`);
    const json = JSON.parse((await outbox(harness, 'export', '--state', 'dead', '--format', 'json')).stdout) as Array<Record<string, unknown>>;
    expect(json).toEqual([expect.objectContaining({ id: dead.id, contact: expect.objectContaining({ email: 'eve@example.com', capture_submission_id: dead.id }) })]);

    // Purge: delivered and dead only, at least a day old; never queued, never dropped.
    expect((await outbox(harness, 'purge', '--older-than', '1h')).code).toBe(2);
    const purged = await outbox(harness, 'purge', '--older-than', '24h');
    expect(purged).toMatchObject({ code: 0, stdout: 'purged 2 delivered or dead submissions older than 24h' });
    const left = (JSON.parse((await outbox(harness, 'list', '--json')).stdout) as Array<{ id: string }>).map((item) => item.id).sort();
    expect(left).toEqual([dropped.id, queued.id, fresh.id].sort());

    // Retry: a dropped lead by id (a honeypot false positive); nothing dead is left.
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    expect(await outbox(harness, 'retry', '--all-dead')).toMatchObject({ code: 0, stdout: 'No dead submissions.' });
    expect(await outbox(harness, 'retry', crypto.randomUUID())).toMatchObject({ code: 1, stderr: expect.stringContaining('no submission with id') });
    expect(await outbox(harness, 'retry', dropped.id)).toMatchObject({ code: 0, stdout: `requeued ${dropped.id} (form default)` });
    await waitFor('the retried and the queued leads delivered', async () => {
      const contacts = contactsById(await harness.contacts());
      return [dropped.id, queued.id, fresh.id].every((id) => contacts.get(id) === 1);
    });
    expect(await outbox(harness, 'retry', dropped.id)).toMatchObject({ code: 1, stderr: expect.stringContaining('it is delivered, not dead') });
  });

  it('says what is wrong with its usage (exit 2) or the store (exit 1)', async () => {
    const dataDir = tempDataDir();
    expect((await outbox(dataDir)).code).toBe(2);
    expect(await outbox(dataDir, 'launch')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "launch"') });
    expect(await outbox(dataDir, 'forget', '--email', 'a@example.com')).toMatchObject({ code: 2, stderr: expect.stringContaining('not available') });
    expect(await outbox(dataDir, 'list', '--state', 'lost')).toMatchObject({ code: 2, stderr: expect.stringContaining('--state must be one of') });
    expect((await outbox(dataDir, 'list', '--bogus')).code).toBe(2);
    expect((await outbox(dataDir, 'export', '--format', 'xml')).code).toBe(2);
    expect((await outbox(dataDir, 'retry')).code).toBe(2);
    expect((await outbox(dataDir, 'retry', 'x', '--all-dead')).code).toBe(2);
    expect((await outbox(dataDir, 'purge')).code).toBe(2);
    expect(await outbox(dataDir, 'list')).toMatchObject({ code: 1, stderr: expect.stringContaining('no store at') });
  });
});
