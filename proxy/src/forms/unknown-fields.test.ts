import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, post, signup, startHarness } from '../testing/harness.ts';

// Unknown field names are answered and logged by count and safe shape, never verbatim: a key
// can be a visitor's email address or phone number.

describe('unknown field names', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('echo at most 5 short field-shaped names and count the rest into one entry; the log names none of them', async () => {
    const junk: Record<string, string> = {};
    for (let index = 0; index < 300; index += 1) junk[`visitor${index}@example.com`] = 'x';
    const body = signup({ 'ada.lovelace@example.com': 'x', '+14155552671': 'x', app_id: 'x', tags: 'x', first_name: '', [`long_${'n'.repeat(40)}`]: 'x', ...junk });
    const sent = JSON.stringify(body);
    const response = await post(harness.proxy.url, body);
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'invalid_fields',
        message: 'Some fields are missing or invalid.',
        fields: { app_id: 'unknown_field', tags: 'unknown_field', first_name: 'required', '(303 not shown)': 'unknown_field' },
      },
    });
    expect(text.length).toBeLessThan(sent.length / 10);
    expect(text).not.toMatch(/example\.com|4155552671/);

    const line = harness.logs.find((entry) => entry.includes('"errorCode":"invalid_fields"'));
    const logged = JSON.parse(line ?? '{}') as { fieldErrors: Record<string, string>; unknownFields: number };
    expect(Object.keys(logged.fieldErrors)).toEqual(['first_name']);
    expect(logged.unknownFields).toBe(305);
    expect(harness.logs.join('\n')).not.toMatch(/example\.com|4155552671|app_id|long_n/);
  });

  it('keep reporting declared fields and consent by name', async () => {
    const response = await post(harness.proxy.url, signup({ email: 'nope', constructor: 'x', 'Ada Lovelace': 'y' }));
    expect(await response.json()).toMatchObject({ error: { fields: { email: 'invalid_email', constructor: 'unknown_field', '(1 not shown)': 'unknown_field' } } });
  });
});
