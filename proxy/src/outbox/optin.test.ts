import { expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../sandbox/test-sandbox.ts';
import { startChildProxy } from '../testing/child-proxy.ts';
import { DEFAULT_TEST_FORMS_FILE, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import { contactsById, type SandboxCall } from '../testing/outbox-fixtures.ts';
import { describeStores, freshStoreLocation } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const FORMS = {
  ...DEFAULT_TEST_FORMS_FILE,
  outbox: { inlineBudgetMs: 1000, backoff: { baseMs: 20, capMs: 50 } },
  forms: {
    optin: {
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
        { name: 'phone', required: true },
      ],
      consent: { sms: { mode: 'double-optin', required: false, text: { en: 'Text me offers. Reply STOP to stop.', es: 'Envíame ofertas. Responde STOP para parar.' } } },
      userId: 'email',
    },
  },
};

async function smsVersion(proxyUrl: string): Promise<string> {
  const definition = (await (await fetch(`${proxyUrl}/v1/forms/optin`, { headers: { origin: SITE_ORIGIN } })).json()) as {
    consent: Array<{ kind: string; version: string }>;
  };
  const version = definition.consent.find((item) => item.kind === 'sms')?.version;
  if (version === undefined) throw new Error('no sms consent version');
  return version;
}

function signup(tag: string, version: string): { id: string; fields: Record<string, string>; consent: unknown } {
  return {
    id: crypto.randomUUID(),
    fields: { first_name: `Grace${tag}`, last_name: 'Hopper', email: `grace.${tag}@example.com`, phone: '+14155552671' },
    consent: { sms: { granted: true, version } },
  };
}

const optinCalls = (calls: readonly SandboxCall[], email: string | undefined): SandboxCall[] => calls.filter((call) => call.endpoint === 'optin' && call.body?.['email'] === email);

describeStores('SMS double opt-in: a second step, made at most once', (store) => {
  it('creates the contact without optin_sms, then makes the optin call once and reports it sent', async () => {
    const harness = await startHarness({ store, formsFile: FORMS });
    onTestFinished(() => harness.close());
    const body = signup('ok', await smsVersion(harness.proxy.url));
    expect((await post(harness.proxy.url, body, { formId: 'optin' })).status).toBe(201);
    await waitFor('the optin step done', async () => (await listOutbox(harness, 'delivered')).some((row) => row.id === body.id));
    expect(await listOutbox(harness)).toEqual([expect.objectContaining({ id: body.id, state: 'delivered', optin: 'sent' })]);
    const calls = (await harness.calls()) as unknown as SandboxCall[];
    expect(calls.map((call) => call.endpoint)).toEqual(['newContact', 'optin']);
    expect(calls[1]?.body).toEqual({ app_id: harness.config.forms.get('optin')?.account.appId, email: body.fields['email'], phone: '+14155552671', user_id: body.fields['email'] });
    const [contact] = await harness.contacts();
    expect(contact).not.toHaveProperty('optin_sms');
    expect(contact).toMatchObject({ capture_submission_id: body.id, user_id: body.fields['email'] });
  });

  it('after an ambiguous failure (5xx) the optin is never repeated and is reported unknown', async () => {
    const harness = await startHarness({ store, formsFile: FORMS });
    onTestFinished(() => harness.close());
    const version = await smsVersion(harness.proxy.url);
    await harness.fault({ mode: 'error', status: 503, endpoint: 'optin' });
    const body = signup('ambiguous', version);
    expect((await post(harness.proxy.url, body, { formId: 'optin' })).status).toBe(201);
    await waitFor('the optin outcome recorded', async () => (await listOutbox(harness)).some((row) => row.id === body.id && row.state === 'delivered'));
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    // A later lead going all the way through proves the worker kept running meanwhile.
    const later = signup('later', version);
    expect((await post(harness.proxy.url, later, { formId: 'optin' })).status).toBe(201);
    await waitFor('the later optin sent', async () => (await listOutbox(harness)).some((row) => row.id === later.id && row.optin === 'sent'));

    const rows = await listOutbox(harness);
    expect(rows.find((row) => row.id === body.id)).toMatchObject({ state: 'delivered', optin: 'unknown', lastError: 'http_5xx' });
    expect(optinCalls((await harness.calls()) as unknown as SandboxCall[], body.fields['email'])).toHaveLength(1);
    const warn = harness.logs.find((line) => line.includes('optin not confirmed'));
    expect(JSON.parse(warn ?? '{}')).toMatchObject({ level: 'warn', submissionId: body.id, optin: 'unknown' });
    expect(harness.logs.join('\n')).not.toContain(body.fields['email']);
  });

  it('after a 429 (Gleantap did not act) the optin is tried again after Retry-After; the contact is not re-sent', async () => {
    // Retry-After is capped at backoff.capMs: the cap must allow the 1 s asked for here.
    const harness = await startHarness({ store, formsFile: { ...FORMS, outbox: { ...FORMS.outbox, backoff: { baseMs: 20, capMs: 1000 } } } });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: '429', retryAfter: 1, endpoint: 'optin' });
    const body = signup('limited', await smsVersion(harness.proxy.url));
    expect((await post(harness.proxy.url, body, { formId: 'optin' })).status).toBe(201);
    await waitFor('the 429', async () => optinCalls((await harness.calls()) as unknown as SandboxCall[], body.fields['email']).length >= 1);
    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor('the optin sent', async () => (await listOutbox(harness)).some((row) => row.optin === 'sent'));
    const calls = (await harness.calls()) as unknown as SandboxCall[];
    const optins = optinCalls(calls, body.fields['email']);
    expect(optins.map((call) => call.status)).toEqual([429, 200]);
    expect(Date.parse(optins[1]?.at ?? '') - Date.parse(optins[0]?.at ?? '')).toBeGreaterThanOrEqual(1000);
    expect(calls.filter((call) => call.endpoint === 'newContact')).toHaveLength(1);
  });

  it('a crash during the optin call leaves it unknown after restart, never repeated', async () => {
    const sandbox = await startTestSandbox();
    const location = await freshStoreLocation(store);
    // A short call cap keeps the crashed lease short.
    const env = { UPSTREAM_TIMEOUT_MS: '1000', UPSTREAM_HEADERS_TIMEOUT_MS: '1000', UPSTREAM_CONNECT_TIMEOUT_MS: '1000' };
    const first = await startChildProxy({ ...location, sandboxUrl: sandbox.url, formsFile: FORMS, env });
    await sandbox.fault({ mode: 'timeout', endpoint: 'optin' });
    const body = signup('crash', await smsVersion(first.url));
    expect((await post(first.url, body, { formId: 'optin' })).status).toBe(201);
    await waitFor('the optin call in flight', async () => optinCalls((await sandbox.calls()) as unknown as SandboxCall[], body.fields['email']).length === 1);
    first.child.kill('SIGKILL');
    await first.exited;
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });

    const second = await startChildProxy({ ...location, sandboxUrl: sandbox.url, formsFile: FORMS, env });
    await waitFor('the interrupted optin settled', async () => (await listOutbox(location)).some((row) => row.state === 'delivered'), 30_000);
    expect(await listOutbox(location)).toEqual([expect.objectContaining({ id: body.id, state: 'delivered', optin: 'unknown', lastError: 'interrupted' })]);
    expect(optinCalls((await sandbox.calls()) as unknown as SandboxCall[], body.fields['email'])).toHaveLength(1);
    expect(contactsById(await sandbox.contacts()).get(body.id)).toBe(1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
