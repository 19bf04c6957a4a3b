import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createAdmitQueries } from '../../store/admit-queries.ts';
import { openStore } from '../../store/open-store.ts';
import { post, startHarness, tempDataDir } from '../../testing/harness.ts';
import { listOutbox, runOutbox as outbox } from '../../testing/outbox-cli.ts';
import { callsById, contactsById, formsWithOutbox, type SandboxCall } from '../../testing/outbox-fixtures.ts';
import { waitFor } from '../../testing/wait-for.ts';

const FIELDS = [{ name: 'first_name', required: true }, { name: 'last_name', required: true }, { name: 'email', required: true }, { name: 'phone' }];
// A failed call waits a minute by the injected clock: nothing is in flight while forget runs.
const FORMS = formsWithOutbox(
  { inlineBudgetMs: 300, backoff: { baseMs: 60_000, capMs: 60_000 } },
  {
    default: { fields: FIELDS },
    // Its keys are refused by the sandbox: every lead on it dies `rejected`.
    other: { fields: FIELDS, account: { appId: 'app-other', apiKeyEnv: 'GLEANTAP_OTHER_API_KEY', secretKeyEnv: 'GLEANTAP_OTHER_SECRET_KEY' } },
  },
);
const OTHER_KEYS = { GLEANTAP_OTHER_API_KEY: 'other-key-1234', GLEANTAP_OTHER_SECRET_KEY: 'other-secret-1234' };

/** The person who asks to be forgotten, and someone who does not. */
const ZOE = { first_name: 'Zoë', last_name: 'Quaternion-Smythe', email: 'Zoe.Quaternion@Example.org', phone: '+1 415 555 2671' };
const RAY = { first_name: 'Raymond', last_name: 'Okonkwo-Bell', email: 'ray.okonkwo@example.net', phone: '+1 212 555 0100' };

/** Every way a value could sit in the file: as typed, lowercased, JSON-escaped, ASCII-escaped JSON, UTF-16. */
function encodings(value: string): Buffer[] {
  const json = JSON.stringify(value).slice(1, -1);
  const ascii = json.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [...new Set([value, value.toLowerCase(), value.toUpperCase(), json, ascii])].map((text) => Buffer.from(text, 'utf8')).concat(Buffer.from(value, 'utf16le'));
}

function traces(bytes: Buffer, person: typeof ZOE): string[] {
  const values = [person.first_name, person.last_name, person.email, person.phone.replace(/ /g, ''), person.phone.replace(/^\+1 /, '').replace(/ /g, '')];
  return values.filter((value) => encodings(value).some((encoded) => bytes.includes(encoded)));
}

function storeBytes(dataDir: string): Buffer {
  const path = join(dataDir, 'capture.db');
  return Buffer.concat([readFileSync(path), readFileSync(`${path}-wal`)]);
}

describe('gleantap-capture outbox forget, beside a running proxy', () => {
  it('erases a person from every row and the file, withdraws what was not delivered, and leaves others alone', async () => {
    let offset = 0;
    const harness = await startHarness({ formsFile: FORMS, env: OTHER_KEYS, now: () => new Date(Date.now() + offset) });
    onTestFinished(() => harness.close());
    const url = harness.proxy.url;
    const submit = (fields: typeof ZOE) => ({ id: crypto.randomUUID(), fields });
    const zoeDelivered = submit(ZOE);
    const rayDelivered = submit(RAY);
    const zoeDead = submit(ZOE);
    const zoeQueued = submit(ZOE);
    const rayQueued = submit(RAY);
    expect((await post(url, zoeDelivered)).status).toBe(201);
    expect((await post(url, rayDelivered)).status).toBe(201);
    expect((await post(url, zoeDead, { formId: 'other' })).status).toBe(202);
    await harness.fault({ mode: 'error', status: 503 });
    expect((await post(url, zoeQueued)).status).toBe(202);
    expect((await post(url, rayQueued)).status).toBe(202);
    await waitFor('the dead lead and both failed attempts recorded', async () => {
      const rows = await listOutbox(harness.dataDir);
      return rows.some((row) => row.id === zoeDead.id && row.state === 'dead') && rows.filter((row) => row.state === 'queued' && row.attempts === 1).length === 2;
    });

    // A subject access request first: by phone, national input read in the form's country.
    const byPhone = await outbox(harness.dataDir, 'export', '--phone', '(415) 555-2671', '--form', 'default');
    expect(byPhone.code).toBe(0);
    const rows = JSON.parse(byPhone.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((row) => [row['id'], row['state']])).toEqual([
      [zoeDelivered.id, 'delivered'],
      [zoeQueued.id, 'queued'],
    ]);
    expect(rows[0]).toMatchObject({
      contact: expect.objectContaining({ email: ZOE.email.toLowerCase(), phone: '+14155552671' }),
      acceptedAt: expect.stringMatching(/Z$/),
      deliveredAt: expect.stringMatching(/Z$/),
    });
    expect(JSON.parse((await outbox(harness.dataDir, 'export', '--phone', '+14155552671')).stdout)).toHaveLength(3);

    // The checks below can fail: before forget, the file holds her data.
    expect(traces(storeBytes(harness.dataDir), ZOE)).not.toEqual([]);
    const callsBefore = (callsById((await harness.calls()) as unknown as SandboxCall[]).get(zoeQueued.id) ?? []).length;

    const forgot = await outbox(harness.dataDir, 'forget', '--email', '  ZOE.quaternion@example.ORG ');
    expect(forgot.code).toBe(0);
    expect(forgot.stdout).toContain('forgot 3 submissions: queued 1, sending 0, delivered 1, dead 1, dropped 0');
    expect(forgot.stdout).toContain('2 not yet delivered are withdrawn (now dropped, reason erased)');
    expect(forgot.stdout).toContain(`${zoeQueued.id} (form default): queued -> dropped, data erased`);
    expect(forgot.stdout).toContain(`${zoeDead.id} (form other): dead -> dropped, data erased`);
    expect(forgot.stdout).toContain(`${zoeDelivered.id} (form default): delivered, data erased`);
    expect(traces(Buffer.from(forgot.stdout + forgot.stderr), ZOE)).toEqual([]);

    // Nothing of her in the database file or its WAL after the command's checkpoint; Ray is there.
    const bytes = storeBytes(harness.dataDir);
    expect(traces(bytes, ZOE)).toEqual([]);
    expect(traces(bytes, RAY)).toContain(RAY.email);

    const listed = new Map((await listOutbox(harness.dataDir)).map((row) => [row.id, row]));
    expect(listed.get(zoeQueued.id)).toMatchObject({ state: 'dropped', dropReason: 'erased', erasedAt: expect.stringMatching(/Z$/), lastMessage: null });
    expect(listed.get(zoeDead.id)).toMatchObject({ state: 'dropped', dropReason: 'erased', deadReason: 'rejected', lastMessage: null });
    expect(listed.get(zoeDelivered.id)).toMatchObject({ state: 'delivered', dropReason: null, erasedAt: expect.stringMatching(/Z$/) });
    expect(listed.get(rayQueued.id)).toMatchObject({ state: 'queued', erasedAt: null });
    // The text list names why a withdrawn lead was dropped.
    expect((await outbox(harness.dataDir, 'list', '--state', 'dropped')).stdout).toMatch(new RegExp(`${zoeDead.id}\\s+other\\s+dropped\\s+erased\\s`));
    expect(await outbox(harness.dataDir, 'retry', zoeQueued.id)).toMatchObject({ code: 1, stderr: expect.stringContaining('its data was erased') });
    // A browser retrying her queued submission gets its first answer, and nothing is stored again.
    expect((await post(url, zoeQueued)).status).toBe(202);
    expect(JSON.parse((await outbox(harness.dataDir, 'export', '--email', ZOE.email)).stdout)).toEqual([]);

    // Gleantap is back and the wait is over: Ray's lead is delivered, hers is never sent.
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    offset = 5 * 60_000;
    await waitFor("Ray's queued lead delivered", async () => contactsById(await harness.contacts()).get(rayQueued.id) === 1);
    expect((callsById((await harness.calls()) as unknown as SandboxCall[]).get(zoeQueued.id) ?? []).length).toBe(callsBefore);
    expect((await listOutbox(harness.dataDir)).find((row) => row.id === zoeQueued.id)).toMatchObject({ state: 'dropped' });

    // Again: nothing left to find.
    expect(await outbox(harness.dataDir, 'forget', '--phone', '+1 415 555 2671')).toMatchObject({ code: 0, stdout: 'No stored submission holds that person’s data.' });
  });

  it('says so (exit 1) when a reader keeps the WAL from being emptied; --json lists what it did', async () => {
    const dataDir = tempDataDir();
    const opened = openStore({ dataDir, mode: 'serve' });
    if (!opened.ok) throw new Error(opened.problem);
    onTestFinished(() => opened.store.close());
    const contact = { app_id: 'app', first_name: 'Zoë', last_name: 'Quaternion-Smythe', email: 'zoe.quaternion@example.org' };
    const base = { fingerprint: 'fp', optin: undefined, apiKeyEnv: 'K', secretKeyEnv: 'S', nowMs: 1_000, owner: 'o', leaseUntil: 9_000, answerDueUntil: 5_000, nextAttemptAt: 1_000 } as const;
    await createAdmitQueries(opened.store.db).admit({ ...base, token: { nonce: 'nonce-z1', issuedAt: 1_000 }, key: { formId: 'default', id: 'z1' }, contact: contact as never, start: 'queue' });
    // A reader in the middle of a read transaction holds the WAL's frames.
    const reader = new Database(opened.store.path, { readonly: true });
    onTestFinished(() => {
      reader.close();
    });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT COUNT(*) FROM submissions').get();

    const result = await outbox(dataDir, 'forget', '--email', 'zoe.quaternion@example.org', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the rows are erased, but a reader kept the WAL from being emptied');
    expect(JSON.parse(result.stdout)).toEqual({
      forgotten: [{ id: 'z1', form: 'default', was: 'queued', state: 'dropped' }],
      byState: { queued: 1, sending: 0, delivered: 0, dead: 0, dropped: 0 },
      checkpoint: 'busy',
    });
    reader.prepare('COMMIT').run();
    // Once the reader is done, running the command again finds nothing more and empties the WAL.
    expect(await outbox(dataDir, 'forget', '--email', 'zoe.quaternion@example.org')).toMatchObject({ code: 0, stdout: 'No stored submission holds that person’s data.' });
    expect(traces(storeBytes(dataDir), { ...contact, phone: '+1 999 999 9999' })).toEqual([]);
  });

  it('says what is wrong with how the person is named (exit 2)', async () => {
    const dataDir = tempDataDir();
    expect(await outbox(dataDir, 'forget')).toMatchObject({ code: 2, stderr: expect.stringContaining('--email <address> or --phone <number>') });
    expect(await outbox(dataDir, 'forget', '--email', 'nobody')).toMatchObject({ code: 2, stderr: expect.stringContaining('not an email address') });
    expect(await outbox(dataDir, 'forget', '--phone', '4155552671')).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --form') });
    expect(await outbox(dataDir, 'forget', '--phone', '4155552671', '--form', 'nope')).toMatchObject({ code: 2, stderr: expect.stringContaining('no form "nope"') });
    expect(await outbox(dataDir, 'forget', '--phone', '+1 2')).toMatchObject({ code: 2, stderr: expect.stringContaining('not a phone number') });
    expect(await outbox(dataDir, 'forget', '--email', 'a@example.com')).toMatchObject({ code: 1, stderr: expect.stringContaining('no store at') });
  });
});
