import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, type Harness, post, SITE_ORIGIN, signup, startHarness } from '../testing/harness.ts';

const NAMES = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
];
const many = { max: 10_000, windowSeconds: 600 };

/** One form that configures nothing about the contact, and one that opts in to created_date. */
const FORMS_FILE = {
  version: 1,
  defaults: { allowedOrigins: [SITE_ORIGIN], minTokenAge: '0s', rateLimit: { perIp: many, perForm: many } },
  forms: {
    default: { fields: [...NAMES, { name: 'email', required: true }, { name: 'phone' }] },
    dated: { sendCreatedDate: true, type: 'prospect', fields: [...NAMES, { name: 'email', required: true }] },
  },
};

describe('what a contact carries', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ formsFile: FORMS_FILE, now: () => new Date('2026-12-02T04:05:06.789Z') });
  });
  afterAll(() => harness.close());

  const contactWith = async (submissionId: string) => (await harness.contacts()).find((contact) => contact['capture_submission_id'] === submissionId);

  it('sends the acceptance time as capture_accepted_at, and no created_date unless the form opts in', async () => {
    const body = signup({ email: 'time@example.com' });
    expect((await post(harness.proxy.url, body)).status).toBe(201);
    const contact = await contactWith(body['id'] as string);
    expect(contact).toMatchObject({ capture_accepted_at: '2026-12-02T04:05:06.789Z' });
    expect(contact).not.toHaveProperty('created_date');
  });

  it('sends created_date in UTC as YYYY-MM-DD HH:MM:SS where the form opts in', async () => {
    const body = signup({ email: 'dated@example.com' });
    expect((await post(harness.proxy.url, body, { formId: 'dated' })).status).toBe(201);
    expect(await contactWith(body['id'] as string)).toMatchObject({
      created_date: '2026-12-02 04:05:06',
      capture_accepted_at: '2026-12-02T04:05:06.789Z',
      type: 'prospect',
    });
  });

  it('never invents a type, status or location that would reshape an existing member', async () => {
    // A member who already exists in Gleantap, matched by email + first name.
    const seeded = await fetch(`${harness.sandboxUrl}/v2/ExternalApi/newContact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': CANARY.apiKey, 'x-secret-key': CANARY.secretKey },
      body: JSON.stringify({ app_id: CANARY.appId, first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', type: 'member', status: 'active', location: 'Uptown' }),
    });
    expect(seeded.status).toBe(200);

    const body = signup({ first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com' });
    expect((await post(harness.proxy.url, body)).status).toBe(201);
    const calls = await harness.calls();
    const sent = calls.map((call) => call['body'] as Record<string, unknown>).find((sentBody) => sentBody['capture_submission_id'] === body['id']);
    expect(sent).toBeDefined();
    expect(sent).not.toHaveProperty('type');
    expect(sent).not.toHaveProperty('status');
    expect(sent).not.toHaveProperty('location');
    expect(await contactWith(body['id'] as string)).toMatchObject({ type: 'member', status: 'active', location: 'Uptown' });
  });
});
