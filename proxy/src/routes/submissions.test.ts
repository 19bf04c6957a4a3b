import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, type Harness, post, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { TRIAL_FORMS_FILE } from '../testing/trial-forms-file.ts';

describe('a valid submission from an allowed origin', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ formsFile: TRIAL_FORMS_FILE, now: () => new Date('2026-03-04T05:06:07.000Z') });
  });
  afterAll(() => harness.close());

  it('creates the contact in Gleantap with what the config decides, answering 201 with the submission id', async () => {
    const id = crypto.randomUUID();
    const definition = (await (await fetch(`${harness.proxy.url}/v1/forms/trial`, { headers: { origin: SITE_ORIGIN } })).json()) as {
      consent: Array<{ kind: string; version: string }>;
    };
    const smsVersion = definition.consent.find((item) => item.kind === 'sms')?.version;
    expect(smsVersion).toMatch(/^[0-9a-f]{12}$/);

    const response = await post(
      harness.proxy.url,
      {
        id,
        fields: { first_name: '  Grace ', last_name: 'Hopper', email: 'Grace@Example.COM', phone: '(415) 555-2671', goal: 'strength' },
        consent: { sms: { granted: true, version: smsVersion } },
        context: { utm_source: 'newsletter', page_url: 'https://www.example-gym.com/trial?x=1&utm_campaign=spring#form', referrer: 'https://search.example/' },
      },
      { formId: 'trial' },
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: 'created', id });
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);

    const contacts = await harness.contacts();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      app_id: CANARY.appId,
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      phone: '+14155552671',
      goal: 'strength',
      source: 'trial-landing-page',
      tags: 'trial,website',
      tag_action: 'add',
      type: 'lead',
      status: 'non-member',
      location: 'Downtown',
      utm_source: 'newsletter',
      signup_page: 'https://www.example-gym.com/trial?utm_campaign=spring',
      optin_sms: true,
      sms_consent_version: smsVersion,
      sms_consent_at: '2026-03-04T05:06:07.000Z',
      sms_consent_page: 'https://www.example-gym.com/trial?utm_campaign=spring',
      capture_submission_id: id,
    });
    // Nothing negative is ever sent for consent that was not given, and referrer is not mapped.
    expect(contacts[0]).not.toHaveProperty('optout_email');
    expect(contacts[0]).not.toHaveProperty('email_consent_version');
    expect(contacts[0]).not.toHaveProperty('referrer');
  });

  it('updates the same contact when the visitor signs up again', async () => {
    const first = await post(harness.proxy.url, { id: crypto.randomUUID(), fields: { first_name: 'Alan', last_name: 'Turing', email: 'alan@example.com' } }, { formId: 'trial' });
    expect(first.status).toBe(201);
    const again = await post(
      harness.proxy.url,
      { id: crypto.randomUUID(), fields: { first_name: 'Alan', last_name: 'Turing', email: 'ALAN@example.com', phone: '(415) 555-2671' } },
      { formId: 'trial' },
    );
    expect(again.status).toBe(201);
    const alans = (await harness.contacts()).filter((contact) => contact['email'] === 'alan@example.com');
    expect(alans).toHaveLength(1);
    expect(alans[0]).toMatchObject({ phone: '+14155552671', last_name: 'Turing' });
  });

  it('takes the id from the Idempotency-Key header when the body has none', async () => {
    const id = crypto.randomUUID();
    const response = await post(harness.proxy.url, { fields: { first_name: 'Hedy', last_name: 'Lamarr', email: 'hedy@example.com' } }, { formId: 'trial', headers: { 'idempotency-key': id } });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: 'created', id });
  });

  it('answers a filled honeypot like an accepted lead but sends nothing to Gleantap', async () => {
    const before = (await harness.calls()).length;
    const id = crypto.randomUUID();
    const response = await post(harness.proxy.url, { id, fields: { first_name: 'Bot', last_name: 'Bot', email: 'bot@example.com' }, hp: 'http://spam.example' }, { formId: 'trial' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'queued', id });
    expect(await harness.calls()).toHaveLength(before);
  });
});
