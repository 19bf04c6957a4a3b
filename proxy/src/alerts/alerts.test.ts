import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { CANARY, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.ts';

const MINUTE = 60_000;
const SECRET = 'whsec_canary_5b7e1c9d3a2f4e6b8a0c';
/** Fast retries and sweeps; the folding window stays the real 5 minutes, moved by the injected clock. */
const FAST = { limits: { retryBaseMs: 20, maxAttempts: 3 }, sweepMs: 50 } as const;

/** The verification docs/operations.md#alerts gives receivers, as written there. */
function verify(secret: string, header: string, rawBody: string, nowSeconds = Date.now() / 1000, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts['t']);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${parts['t']}.${rawBody}`).digest();
  const given = Buffer.from(parts['v1'] ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function receiver(mode: Parameters<typeof startWebhookReceiver>[0] = 'ok'): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(mode);
  onTestFinished(() => started.close());
  return started;
}

const deadIds = (messages: Array<Record<string, unknown>>): string[] =>
  messages.flatMap((message) => [(message['submission'] as { id: string }).id, ...(message['folded'] as { submissionIds: string[] }).submissionIds]);

describe('alerts to webhooks', () => {
  it('sends one signed dead-letter message per lead, folds beyond one per 5 minutes with the count, and never the visitor data by default', async () => {
    const json = await receiver();
    const slack = await receiver();
    let offset = 0;
    const harness = await startHarness({
      formsFile: {
        ...formsWithOutbox({ inlineBudgetMs: 2000 }),
        alerts: {
          webhooks: [
            { url: json.url, secretEnv: 'CAPTURE_ALERT_SECRET' },
            { url: slack.url, format: 'slack' },
          ],
        },
      },
      env: { CAPTURE_ALERT_SECRET: SECRET },
      now: () => new Date(Date.now() + offset),
      alertTimings: FAST,
    });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'error', status: 400 });

    const leads = [lead('one'), lead('two'), lead('three')];
    for (const body of leads) expect([201, 202]).toContain((await post(harness.proxy.url, body)).status);
    await waitFor('three dead letters', async () => (await harness.proxy.metrics()).dead === 3);
    await waitFor('the first message', () => json.received.length === 1 && slack.received.length === 1);
    const signed = json.received[0];
    expect(verify(SECRET, String(signed?.headers['x-gleantap-capture-signature']), signed?.body ?? '')).toBe(true);

    offset = 6 * MINUTE; // the window ends: the folded ones go in one message
    await waitFor('the folded message', () => json.received.length === 2 && slack.received.length === 2);
    const messages = json.json();
    expect(messages[0]).toMatchObject({
      version: 1,
      kind: 'dead_letter',
      form: 'default',
      submission: { id: leads[0]?.id, reason: 'rejected', error: 'rejected', gleantapMessage: 'Sandbox fault: injected HTTP 400' },
      folded: { count: 0, submissionIds: [], since: null },
    });
    expect(messages[1]).toMatchObject({ kind: 'dead_letter', form: 'default', folded: { count: 1 } });
    // Every lead is named exactly once: the subject of one message or folded into the next.
    expect(deadIds(messages).sort()).toEqual(leads.map((body) => body.id).sort());
    expect(String(slack.json()[1]?.['text'])).toContain('1 more like this');

    const [first, second] = json.received.map((request) => ({ header: String(request.headers['x-gleantap-capture-signature']), body: request.body }));
    expect(second?.header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(SECRET, second?.header ?? '', second?.body ?? '', (Date.now() + offset) / 1000)).toBe(true);
    expect(verify('some-other-secret-value', second?.header ?? '', second?.body ?? '', (Date.now() + offset) / 1000)).toBe(false);
    // Signed 6 minutes ago by the proxy's clock: a replay the tolerance refuses.
    expect(verify(SECRET, first?.header ?? '', first?.body ?? '', (Date.now() + offset) / 1000)).toBe(false);
    expect(slack.received[0]?.headers['x-gleantap-capture-signature']).toBeUndefined();

    const everything = [...json.received, ...slack.received].map((request) => request.body).join('\n') + harness.logs.join('\n');
    for (const body of leads) for (const value of Object.values(body.fields)) expect(everything).not.toContain(value);
    for (const canary of [CANARY.apiKey, CANARY.secretKey, SECRET]) expect(everything).not.toContain(canary);
  });

  it('puts the lead in the message for a webhook with includeLead, and tells about refused keys', async () => {
    const hook = await receiver();
    const harness = await startHarness({
      formsFile: { ...formsWithOutbox({ inlineBudgetMs: 2000 }), alerts: { webhooks: [{ url: hook.url, includeLead: true }] } },
      alertTimings: FAST,
    });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'error', status: 401 });
    const body = lead('keys');
    expect([201, 202]).toContain((await post(harness.proxy.url, body)).status);

    await waitFor('two messages', () => hook.received.length === 2);
    const byKind = new Map(hook.json().map((message) => [message['kind'], message]));
    expect(byKind.get('keys_refused')).toMatchObject({ version: 1, form: 'default' });
    expect(byKind.get('dead_letter')).toMatchObject({ submission: { id: body.id, error: 'unauthorized' }, lead: { email: body.fields['email'], first_name: body.fields['first_name'] } });
    expect(hook.received.map((request) => request.body).join('\n')).not.toContain(CANARY.apiKey);
  });

  it('a webhook that hangs or answers 500 delays nothing: leads are still answered and delivered', async () => {
    const hanging = await receiver('hang');
    const failing = await receiver('fail');
    const harness = await startHarness({
      formsFile: { ...formsWithOutbox({ inlineBudgetMs: 2000 }), alerts: { webhooks: [{ url: hanging.url }, { url: failing.url }] } },
      alertTimings: { limits: { retryBaseMs: 20, maxAttempts: 3, timeoutMs: 60_000 }, sweepMs: 50 },
    });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'error', status: 400 });
    expect([201, 202]).toContain((await post(harness.proxy.url, lead('dead'))).status);
    await waitFor('the hanging webhook is called', () => hanging.received.length === 1);
    await waitFor('the failing webhook is retried, then given up', () =>
      harness.logs.some((line) => line.includes('alert not delivered: the webhook failed, the alert is dropped') && line.includes('"webhook":1')),
    );
    expect(failing.received).toHaveLength(3);

    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    const statuses = [];
    for (let index = 0; index < 5; index++) statuses.push((await post(harness.proxy.url, lead(`live${index}`))).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    expect((await harness.proxy.metrics()).delivered).toBe(5);
    // The hanging request is still open: close gives up on it within the drain bound.
    await harness.close();
    expect(harness.logs.some((line) => line.includes('"msg":"stopping: alerts not sent in time are dropped"'))).toBe(true);
  });

  it('tells of delivery degraded during a sandbox outage longer than alertAfter, then recovered', async () => {
    const hook = await receiver();
    const harness = await startHarness({
      formsFile: { ...formsWithOutbox({ inlineBudgetMs: 300, backoff: { baseMs: 20, capMs: 100 }, alertAfter: '1s' }), alerts: { webhooks: [{ url: hook.url, format: 'json' }] } },
      alertTimings: FAST,
    });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'error', status: 503 });
    expect((await post(harness.proxy.url, lead('outage'))).status).toBe(202);
    await waitFor('degraded', () => hook.json().some((message) => message['kind'] === 'degraded'));
    expect(hook.json()[0]).toMatchObject({ kind: 'degraded', form: null, queue: { waiting: 1 } });
    expect(hook.json()[0]?.['queue']).toMatchObject({ oldestQueuedSeconds: expect.any(Number) });
    expect(Number((hook.json()[0]?.['queue'] as Record<string, unknown> | undefined)?.['oldestQueuedSeconds'])).toBeGreaterThanOrEqual(1);

    await fetch(`${harness.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    await waitFor('recovered', () => hook.json().some((message) => message['kind'] === 'recovered'));
    expect(hook.json().map((message) => message['kind'])).toEqual(['degraded', 'recovered']);
    expect((await harness.proxy.metrics()).delivered).toBe(1);
  });

  it('follows the forms file on reload: later alerts go to the webhooks of the reloaded file', async () => {
    const before = await receiver();
    const after = await receiver();
    const file = (url: string) => ({ ...formsWithOutbox({ inlineBudgetMs: 2000 }), alerts: { webhooks: [{ url }] } });
    let offset = 0;
    const harness = await startHarness({ formsFile: file(before.url), alertTimings: FAST, now: () => new Date(Date.now() + offset) });
    onTestFinished(() => harness.close());
    await harness.fault({ mode: 'error', status: 400 });
    const first = lead('before');
    await post(harness.proxy.url, first);
    await waitFor('the first webhook', () => before.received.length === 1);

    const env = { GLEANTAP_API_KEY: CANARY.apiKey, GLEANTAP_SECRET_KEY: CANARY.secretKey, GLEANTAP_APP_ID: CANARY.appId, GLEANTAP_BASE_URL: harness.sandboxUrl };
    const next = loadConfig({ ...env, ALLOWED_ORIGINS: SITE_ORIGIN, CAPTURE_CONFIG: '/virtual/forms.json', DATA_DIR: harness.dataDir }, { readFile: () => JSON.stringify(file(after.url)) });
    if (!next.ok) throw new Error(JSON.stringify(next.problems));
    expect(harness.proxy.reload(next.config).ok).toBe(true);

    offset = 6 * MINUTE; // past the folding window: the next dead letter is a message of its own
    const second = lead('after');
    await post(harness.proxy.url, second);
    await waitFor('the reloaded webhook', () => after.received.length === 1);
    expect(after.json()[0]).toMatchObject({ kind: 'dead_letter', submission: { id: second.id } });
    expect(before.json().map((message) => (message['submission'] as { id: string }).id)).toEqual([first.id]);
  });
});
