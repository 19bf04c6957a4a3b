import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchToken, type Harness, post, startHarness } from '../testing/harness.ts';

describe('mass assignment', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  const base = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };

  it.each(['app_id', 'tags', 'source', 'tag_action', 'type', 'status', 'location', 'optin_sms', 'user_id', 'api_key', 'capture_submission_id', 'constructor', 'prototype'])(
    'refuses a field named %s as unknown_field',
    async (name) => {
      const response = await post(harness.proxy.url, { id: crypto.randomUUID(), fields: { ...base, [name]: 'attacker value' } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_fields', fields: { [name]: 'unknown_field' } } });
    },
  );

  it('refuses a __proto__ field as unknown_field', async () => {
    const body = `{"id":"${crypto.randomUUID()}","token":"${await fetchToken(harness.proxy.url)}","fields":{"first_name":"Ada","last_name":"L","email":"a@example.com","__proto__":{"app_id":"x"}}}`;
    const response = await post(harness.proxy.url, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_fields', fields: { __proto__: 'unknown_field' } } });
  });

  it.each([
    ['a top-level app_id', { app_id: 'attacker' }],
    ['top-level tags', { tags: 'vip' }],
    ['a top-level __proto__', JSON.parse('{"__proto__":{"source":"x"}}')],
  ])('refuses %s as invalid_body', async (_label, extra) => {
    const response = await post(harness.proxy.url, { id: crypto.randomUUID(), fields: base, ...extra });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_body' } });
  });

  it('consent for a kind the form does not declare is refused', async () => {
    const response = await post(harness.proxy.url, { id: crypto.randomUUID(), fields: base, consent: { sms: { granted: true, version: 'abc' } } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_fields', fields: { 'consent.sms': 'unknown_field' } } });
  });

  it('Gleantap saw none of it', async () => {
    expect(await harness.calls()).toEqual([]);
  });
});
