import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEST_FORMS_FILE, type Harness, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import type { SandboxCall } from '../testing/outbox-fixtures.ts';

const SMS_TEXT = { en: 'Text me offers. Reply STOP to stop.', es: 'Envíame ofertas. Responde STOP para parar.' };
const FIELDS = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
  { name: 'phone', required: true },
];

/** Two double-opt-in forms: one with the default countries (its phoneCountry, US), one that also takes Canada and Italy. */
const FORMS = {
  ...DEFAULT_TEST_FORMS_FILE,
  forms: {
    optin: { fields: FIELDS, consent: { sms: { mode: 'double-optin', required: false, text: SMS_TEXT } }, userId: 'email' },
    wider: { fields: FIELDS, consent: { sms: { mode: 'double-optin', required: false, text: SMS_TEXT } }, userId: 'email', bots: { phone: { countries: ['US', 'CA', 'IT'] } } },
  },
};

describe('phone numbers against SMS pumping', () => {
  let harness: Harness;
  const versions = new Map<string, string>();
  beforeAll(async () => {
    harness = await startHarness({ formsFile: FORMS });
    for (const form of ['optin', 'wider']) {
      const definition = (await (await fetch(`${harness.proxy.url}/v1/forms/${form}`, { headers: { origin: SITE_ORIGIN } })).json()) as { consent: Array<{ version: string }> };
      versions.set(form, definition.consent[0]?.version ?? '');
    }
  });
  afterAll(() => harness.close());

  const signup = (form: string, phone: string) => ({
    id: crypto.randomUUID(),
    fields: { first_name: 'Grace', last_name: 'Hopper', email: `grace.${phone.replace(/\D/g, '')}@example.com`, phone },
    consent: { sms: { granted: true, version: versions.get(form) } },
  });

  it.each([
    ['a US premium-rate number (+1 900)', 'optin', '+1 900 555 0123', 'premium_rate'],
    ['an Italian premium-rate number (+39 899)', 'wider', '+39 899 123456', 'premium_rate'],
    ['a Nigerian mobile on a US form (+234)', 'optin', '+234 803 123 4567', 'country_not_allowed'],
    ['a Canadian number on a US-only form', 'optin', '+1 613 555 0123', 'country_not_allowed'],
  ])('%s is invalid_phone before anything is stored, and no optin call is made', async (_name, form, phone, reason) => {
    const body = signup(form, phone);
    const response = await post(harness.proxy.url, body, { formId: form });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_fields', message: expect.any(String), fields: { phone: 'invalid_phone' } } });
    expect((await listOutbox(harness.dataDir)).filter((row) => row.id === body.id)).toEqual([]);
    const calls = (await harness.calls()) as unknown as SandboxCall[];
    expect(calls.filter((call) => call.body?.['email'] === body.fields.email)).toEqual([]);
    // The reason is logged for the owner; the number never is.
    const line = harness.logs.find((text) => text.includes(body.id) && text.includes('submission refused: phone number'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ field: 'phone', reason });
    expect(harness.logs.join('\n')).not.toContain(phone.replace(/\D/g, '').slice(-7));
  });

  it('a number of an allowed country and type is accepted, on the default and on a wider list', async () => {
    for (const [form, phone] of [
      ['optin', '(415) 555-2671'],
      ['wider', '+1 613 555 0123'],
    ] as const) {
      const response = await post(harness.proxy.url, signup(form, phone), { formId: form });
      expect(response.status).toBe(201);
    }
  });
});
