import { expect, it, onTestFinished } from 'vitest';
import { DEFAULT_TEST_FORMS_FILE, post, startHarness } from '../testing/harness.ts';
import { listOutbox, runOutbox } from '../testing/outbox-cli.ts';
import { callsById, contactsById, formsWithOutbox, lead, type SandboxCall } from '../testing/outbox-fixtures.ts';
import { describeStores, freshStoreLocation } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

describeStores('the outbox worker', (store) => {
  it('dead-letters a lead as expired after the configured age, logs it without personal data, and retry brings it back', async () => {
    let offset = 0;
    const harness = await startHarness({ store, formsFile: formsWithOutbox({ inlineBudgetMs: 200, deadAfter: '1h', backoff: { baseMs: 20, capMs: 50 } }), now: () => new Date(Date.now() + offset) });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'error', status: 500 });
    const body = lead('expiry');
    expect((await post(harness.proxy.url, body)).status).toBe(202);
    await waitFor('a few retries', async () => (callsById((await harness.calls()) as unknown as SandboxCall[]).get(body.id)?.length ?? 0) >= 3);
    expect((await listOutbox(harness))[0]).toMatchObject({ state: expect.stringMatching(/^(queued|sending)$/), deadReason: null });

    expect(await harness.proxy.metrics()).toMatchObject({ accepted: 1, delivered: 0, dead: 0, queueDepth: 1, oldestQueuedAgeMs: expect.any(Number) });
    offset += 3_600_000;
    const [dead] = await waitFor('the lead expired', async () => {
      const rows = await listOutbox(harness, 'dead');
      return rows.length > 0 ? rows : undefined;
    });
    expect(dead).toMatchObject({ id: body.id, deadReason: 'expired', lastError: 'http_5xx' });
    const logLine = harness.logs.find((line) => line.includes('lead dead-lettered'));
    expect(JSON.parse(logLine ?? '{}')).toMatchObject({ level: 'warn', submissionId: body.id, form: 'default', deadReason: 'expired' });
    expect(harness.logs.join('\n')).not.toContain(body.fields['email']);
    expect(await harness.proxy.metrics()).toMatchObject({ dead: 1, queueDepth: 0 });

    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    // The command stamps the retry with the real clock; bring the proxy's clock back to it.
    offset = 0;
    const retried = await runOutbox(harness, 'retry', '--all-dead');
    expect(retried.code, retried.stderr).toBe(0);
    await waitFor('the retried lead delivered', async () => contactsById(await harness.contacts()).get(body.id) === 1);
  });

  it('dead-letters (rejected, keys_missing) a stored lead whose key variables are gone after a restart', async () => {
    const location = await freshStoreLocation(store);
    const fields = DEFAULT_TEST_FORMS_FILE.forms.default.fields;
    const withAccount = {
      ...DEFAULT_TEST_FORMS_FILE,
      forms: { default: { fields, account: { appId: 'app-own', apiKeyEnv: 'GLEANTAP_OWN_API_KEY', secretKeyEnv: 'GLEANTAP_OWN_SECRET_KEY' } } },
    };
    const before = await startHarness({ store, ...location, formsFile: withAccount, env: { GLEANTAP_OWN_API_KEY: 'own-key-1234', GLEANTAP_OWN_SECRET_KEY: 'own-secret-1234' } });
    await before.fault({ mode: 'error', status: 503 });
    const body = lead('keys-gone');
    expect((await post(before.proxy.url, body)).status).toBe(202);
    await before.close();
    // The owner moved the form to the default account and dropped the old variables.
    const after = await startHarness({ store, ...location });
    onTestFinished(() => after.close());
    const [dead] = await waitFor('the lead dead-lettered', async () => {
      const rows = await listOutbox(location, 'dead');
      return rows.length > 0 ? rows : undefined;
    });
    expect(dead).toMatchObject({ id: body.id, deadReason: 'rejected', lastError: 'keys_missing' });
    expect(await after.calls()).toEqual([]);
  });

  it('never runs more deliveries at once than its concurrency', async () => {
    const concurrency = 2;
    const delayMs = 500;
    const harness = await startHarness({ store, formsFile: formsWithOutbox({ inlineBudgetMs: 100, concurrency, backoff: { baseMs: 20, capMs: 40 } }) });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'error', status: 503 });
    const leads = Array.from({ length: 8 }, (_, index) => lead(`cap-${index}`));
    for (const body of leads) expect((await post(harness.proxy.url, body)).status).toBe(202);
    const healedAt = Date.now();
    // From now on every call is held for delayMs before it is answered.
    await harness.fault({ mode: 'slow', delayMs });
    await waitFor('all delivered', async () => (await harness.proxy.metrics()).delivered === leads.length);
    const slow = ((await harness.calls()) as unknown as SandboxCall[]).filter((call) => call.status === 200 && Date.parse(call.at) >= healedAt);
    expect(slow.length).toBeGreaterThanOrEqual(leads.length);
    // No call can end before delayMs after it arrived, so within any window of delayMs after
    // a call arrives, at most `concurrency` calls can have started.
    for (const call of slow) {
      const start = Date.parse(call.at);
      const overlapping = slow.filter((other) => Date.parse(other.at) >= start && Date.parse(other.at) < start + delayMs);
      expect(overlapping.length).toBeLessThanOrEqual(concurrency);
    }
  });
});
