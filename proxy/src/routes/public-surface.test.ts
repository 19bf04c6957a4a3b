import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, fetchToken, type Harness, SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { TRIAL_FORMS_FILE } from '../testing/trial-forms-file.ts';

describe('what the public port exposes', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      formsFile: {
        ...TRIAL_FORMS_FILE,
        forms: {
          ...TRIAL_FORMS_FILE.forms,
          trial: { ...TRIAL_FORMS_FILE.forms.trial, account: { appId: 'app_trial_secret_id', apiKeyEnv: 'GLEANTAP_TRIAL_API_KEY', secretKeyEnv: 'GLEANTAP_TRIAL_SECRET_KEY' } },
        },
      },
      env: { GLEANTAP_TRIAL_API_KEY: 'trial-key-value-123', GLEANTAP_TRIAL_SECRET_KEY: 'trial-secret-value-456' },
    });
  });
  afterAll(() => harness.close());

  it('does not mount the sandbox routes', async () => {
    for (const path of ['/_sandbox/contacts', '/_sandbox/calls', '/_sandbox/faults']) {
      const response = await fetch(`${harness.proxy.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('serves a form definition with none of what the owner decides', async () => {
    const response = await fetch(`${harness.proxy.url}/v1/forms/trial`, { headers: { origin: SITE_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const text = await response.text();
    const definition = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(definition).sort()).toEqual(['consent', 'css', 'fields', 'id', 'locale', 'messages', 'submitLabel', 'success', 'theme', 'token', 'tokenAge']);
    expect(definition['fields']).toContainEqual({
      name: 'goal',
      type: 'select',
      label: 'Your goal',
      required: false,
      autocomplete: 'off',
      inputmode: 'none',
      maxLength: 256,
      options: [
        { value: 'strength', label: 'strength' },
        { value: 'weight loss', label: 'weight loss' },
      ],
    });
    expect(definition['fields']).toContainEqual(expect.objectContaining({ name: 'email', type: 'email', autocomplete: 'email', inputmode: 'email', required: true }));
    for (const secret of [
      'app_trial_secret_id',
      'trial-landing-page',
      'Downtown',
      'non-member',
      'lead',
      'GLEANTAP_',
      'trial-key-value-123',
      SITE_ORIGIN,
      'example-gym',
      '"tags"',
      '"source"',
      '"app_id"',
      '"location"',
      '"status"',
      '"type":"lead"',
      'allowedOrigins',
      'utm_source',
      'signup_page',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${harness.proxy.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${harness.proxy.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('sets helmet security headers and no X-Powered-By', async () => {
    const response = await fetch(`${harness.proxy.url}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('delivers a form with its own account using that account’s keys and app id', async () => {
    // The sandbox only accepts the default keys, so the trial account's keys are refused: proof they were used.
    const response = await fetch(`${harness.proxy.url}/v1/forms/trial/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SITE_ORIGIN },
      body: JSON.stringify({ id: crypto.randomUUID(), fields: { first_name: 'Ada', last_name: 'L', email: 'ada@example.com' }, token: await fetchToken(harness.proxy.url, 'trial') }),
    });
    // Refused keys are a permanent no: the visitor still hears 202, the lead waits as dead/rejected.
    expect(response.status).toBe(202);
    const calls = await harness.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ endpoint: 'newContact', status: 401, body: { app_id: 'app_trial_secret_id' } });
    expect(JSON.stringify(calls)).not.toContain(CANARY.apiKey);
  });
});
