import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, type Harness, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { TRIAL_FORMS_FILE } from '../testing/trial-forms-file.ts';

const VISITOR = { first_name: 'Zebulon', last_name: 'Quixotefield', email: 'zebulon.canary@example.com', phone: '+1 415 555 0199' };
const TOKEN_SECRET = 'token_secret_canary_5e8b2d91c4a7f03e6b19d2c8';
const METRICS_TOKEN = 'metrics_token_canary_71c3';
const SECRETS = [CANARY.apiKey, CANARY.secretKey, TOKEN_SECRET, METRICS_TOKEN];
const PERSONAL = [VISITOR.first_name, VISITOR.last_name, VISITOR.email, '4155550199', '555 0199'];

describe('secrets and personal data never leak', () => {
  let harness: Harness;
  const seen: string[] = [];
  beforeAll(async () => {
    harness = await startHarness({ formsFile: TRIAL_FORMS_FILE, env: { TOKEN_SECRET, METRICS_TOKEN } });
  });
  afterAll(() => harness.close());

  async function record(response: Response): Promise<void> {
    seen.push(`${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`);
  }

  it('across successes, refusals, upstream failures and timeouts', async () => {
    const url = harness.proxy.url;
    await record(await post(url, { id: crypto.randomUUID(), fields: VISITOR }, { formId: 'trial' }));
    await record(await post(url, { id: crypto.randomUUID(), fields: { ...VISITOR, email: 'zebulon.canary@' } }, { formId: 'trial' }));
    await record(await post(url, { id: crypto.randomUUID(), fields: { ...VISITOR, nickname: VISITOR.first_name } }, { formId: 'trial' }));
    await record(await post(url, { id: crypto.randomUUID(), fields: VISITOR, extra: VISITOR.email }, { formId: 'trial' }));
    await record(await post(url, `{"fields": {"email": "${VISITOR.email}"`, { formId: 'trial' }));
    await record(await fetch(`${url}/v1/forms/trial?email=${encodeURIComponent(VISITOR.email)}&utm_source=ads`, { headers: { origin: SITE_ORIGIN } }));
    await harness.fault({ mode: 'error', status: 500 });
    await record(await post(url, { id: crypto.randomUUID(), fields: VISITOR }, { formId: 'trial' }));
    await harness.fault({ mode: '429', retryAfter: 3 });
    await record(await post(url, { id: crypto.randomUUID(), fields: VISITOR }, { formId: 'trial' }));
    await harness.fault({ mode: 'reset' });
    await record(await post(url, { id: crypto.randomUUID(), fields: VISITOR }, { formId: 'trial' }));

    // Wait for the access log lines of the last requests.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const everything = [...seen, ...harness.logs].join('\n');
    expect(harness.logs.length).toBeGreaterThanOrEqual(9);
    expect(everything).toContain('utm_source=ads');
    for (const value of [...SECRETS, ...PERSONAL]) expect(everything, value).not.toContain(value);
    expect(everything).not.toMatch(/\bat .*\.ts:\d+/); // no stack traces
  });

  it('the sandbox did receive the visitor’s data, so the canaries were really in play', async () => {
    const contacts = await harness.contacts();
    expect(contacts.some((contact) => contact['email'] === VISITOR.email)).toBe(true);
  });
});
