import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, type Harness, post, SITE_ORIGIN, signup, startHarness } from '../testing/harness.ts';

const many = { max: 10_000, windowSeconds: 600 };
const both = (text: string) => ({ en: text, es: text });

/** A two-studio business: the visitor picks the studio; uptown has its own Gleantap account. */
const FORMS_FILE = {
  version: 1,
  accounts: { uptown: { appId: 'app-uptown-42', apiKeyEnv: 'GLEANTAP_UPTOWN_API_KEY', secretKeyEnv: 'GLEANTAP_UPTOWN_SECRET_KEY' } },
  defaults: { allowedOrigins: [SITE_ORIGIN], minTokenAge: '0s', rateLimit: { perIp: many, perForm: many } },
  forms: {
    default: {
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true, prefill: 'url' },
        {
          name: 'location',
          required: true,
          label: both('Studio'),
          options: [
            { value: 'downtown', label: { en: 'Downtown', es: 'Centro' }, location: 'Downtown — 12 Main St' },
            { value: 'uptown', label: { en: 'Uptown', es: 'Norte' }, location: 'Uptown, 5th Ave', account: 'uptown' },
          ],
        },
        { name: 'utm_campaign_code', custom: true, hidden: true, label: both('Campaign') },
        { name: 'waiver', custom: true, type: 'checkbox', required: true, label: both('I accept the waiver') },
        { name: 'newsletter', custom: true, type: 'checkbox', label: both('Newsletter') },
        { name: 'level', custom: true, type: 'radio', options: ['beginner', 'advanced'], label: both('Level') },
        { name: 'classes', custom: true, type: 'multiselect', options: ['yoga', 'spin', 'hiit'], label: both('Classes') },
        { name: 'age', custom: true, type: 'number', min: 16, max: 99, step: 1, label: both('Age') },
      ],
    },
  },
};

describe('a studio picker and the richer field types', () => {
  let harness: Harness;
  beforeAll(async () => {
    // The sandbox knows one key pair; the uptown account names its own variables holding it.
    harness = await startHarness({ formsFile: FORMS_FILE, env: { GLEANTAP_UPTOWN_API_KEY: CANARY.apiKey, GLEANTAP_UPTOWN_SECRET_KEY: CANARY.secretKey } });
  });
  afterAll(() => harness.close());

  const contactWith = async (id: unknown) => (await harness.contacts()).find((contact) => contact['capture_submission_id'] === id);

  it('sends the chosen studio’s exact location string, and its own account’s app id', async () => {
    const uptown = signup({ email: 'up@example.com', location: 'uptown', waiver: true });
    expect((await post(harness.proxy.url, uptown)).status).toBe(201);
    const contact = await contactWith(uptown['id']);
    expect(contact).toMatchObject({ location: 'Uptown, 5th Ave', app_id: 'app-uptown-42' });
    expect(contact).not.toHaveProperty('location_choice');

    const downtown = signup({ email: 'down@example.com', location: 'downtown', waiver: true });
    expect((await post(harness.proxy.url, downtown)).status).toBe(201);
    expect(await contactWith(downtown['id'])).toMatchObject({ location: 'Downtown — 12 Main St', app_id: CANARY.appId });
  });

  it('refuses a studio outside the owner’s list as invalid_option', async () => {
    const response = await post(harness.proxy.url, signup({ location: 'Uptown, 5th Ave', waiver: true }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_fields', message: expect.any(String), fields: { location: 'invalid_option' } } });
  });

  it('delivers a checkbox as a boolean, a multiselect comma-joined, a number as a number and a radio as its value', async () => {
    const body = signup({ email: 'types@example.com', location: 'downtown', waiver: true, newsletter: false, level: 'advanced', classes: ['yoga', 'hiit'], age: 42 });
    expect((await post(harness.proxy.url, body)).status).toBe(201);
    expect(await contactWith(body['id'])).toMatchObject({ waiver: true, newsletter: false, level: 'advanced', classes: 'yoga,hiit', age: 42 });
  });

  it('refuses an unticked required checkbox, a number out of range, a repeated choice and a number sent as text', async () => {
    const response = await post(harness.proxy.url, signup({ location: 'downtown', waiver: false, classes: ['spin', 'spin'], age: 12, level: 'expert' }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { fields: unknown } }).error.fields).toEqual({ waiver: 'required', classes: 'invalid_value', age: 'invalid_value', level: 'invalid_option' });
    const text = await post(harness.proxy.url, signup({ location: 'downtown', waiver: true, age: '42' }));
    expect(((await text.json()) as { error: { fields: unknown } }).error.fields).toEqual({ age: 'invalid_type' });
  });

  it('accepts a declared hidden field and a prefilled one like any other, and refuses an undeclared one', async () => {
    const body = signup({ email: 'Linked@Example.com', location: 'downtown', waiver: true, utm_campaign_code: ' spring-24 ' });
    expect((await post(harness.proxy.url, body)).status).toBe(201);
    expect(await contactWith(body['id'])).toMatchObject({ email: 'linked@example.com', utm_campaign_code: 'spring-24' });

    const hiddenBad = await post(harness.proxy.url, signup({ location: 'downtown', waiver: true, utm_campaign_code: 'x\u202Ey' }));
    expect(((await hiddenBad.json()) as { error: { fields: unknown } }).error.fields).toEqual({ utm_campaign_code: 'invalid_value' });
    const undeclared = await post(harness.proxy.url, signup({ location: 'downtown', waiver: true, coupon: 'FREE' }));
    expect(undeclared.status).toBe(400);
    expect(((await undeclared.json()) as { error: { fields: unknown } }).error.fields).toEqual({ coupon: 'unknown_field' });
  });
});
