import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, post, SITE_ORIGIN, signup, startHarness } from '../testing/harness.ts';

describe('CORS', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      formsFile: {
        version: 1,
        forms: {
          default: {
            fields: [
              { name: 'first_name', required: true },
              { name: 'last_name', required: true },
              { name: 'email', required: true },
            ],
          },
          partner: {
            allowedOrigins: ['https://Partner.Example:443'],
            fields: [
              { name: 'first_name', required: true },
              { name: 'last_name', required: true },
              { name: 'phone', required: true },
            ],
          },
        },
      },
    });
  });
  afterAll(() => harness.close());

  it('answers a preflight from an allowed origin with methods, headers and max-age', async () => {
    const response = await fetch(`${harness.proxy.url}/v1/forms/default/submissions`, {
      method: 'OPTIONS',
      headers: { origin: SITE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type, Idempotency-Key, X-Request-Id');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('refuses a preflight from another origin: a 403 without allowed methods, which the browser treats as a failure', async () => {
    const response = await fetch(`${harness.proxy.url}/v1/forms/default/submissions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
  });

  it('lets a refused page read the refusal itself, so the widget can explain it', async () => {
    const response = await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(await response.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
  });

  it('puts Allow-Origin, Expose-Headers and Vary on error answers to an allowed origin', async () => {
    const response = await post(harness.proxy.url, { id: crypto.randomUUID(), fields: {} });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After, RateLimit, RateLimit-Policy, X-Request-Id');
    expect(response.headers.get('vary')).toMatch(/Origin/);
    const tooBig = await post(harness.proxy.url, 'x'.repeat(20_000));
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
  });

  it('a form’s own allowedOrigins replace ALLOWED_ORIGINS, compared after normalisation', async () => {
    const fromSite = await post(harness.proxy.url, signup(), { formId: 'partner' });
    expect(fromSite.status).toBe(403);
    expect(await fromSite.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    const fromPartner = await post(
      harness.proxy.url,
      { id: crypto.randomUUID(), fields: { first_name: 'A', last_name: 'B', phone: '+1 415 555 2671' } },
      { formId: 'partner', origin: 'https://partner.example' },
    );
    expect(fromPartner.status).toBe(201);
    expect(fromPartner.headers.get('access-control-allow-origin')).toBe('https://partner.example');
  });

  it('lets a page whose origin some form allows read 404 form_not_found, and no other page', async () => {
    for (const origin of [SITE_ORIGIN, 'https://partner.example']) {
      const definition = await fetch(`${harness.proxy.url}/v1/forms/typo`, { headers: { origin } });
      expect(definition.status).toBe(404);
      expect(definition.headers.get('access-control-allow-origin')).toBe(origin);
      expect(definition.headers.get('vary')).toMatch(/Origin/);
      expect(await definition.json()).toMatchObject({ error: { code: 'form_not_found' } });
      const submission = await post(harness.proxy.url, signup(), { formId: 'typo', origin });
      expect(submission.status).toBe(404);
      expect(submission.headers.get('access-control-allow-origin')).toBe(origin);
      expect(submission.headers.get('vary')).toMatch(/Origin/);
      expect(await submission.json()).toMatchObject({ error: { code: 'form_not_found' } });
    }
    const stranger = await fetch(`${harness.proxy.url}/v1/forms/typo`, { headers: { origin: 'https://evil.example' } });
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const strangerPost = await post(harness.proxy.url, signup(), { formId: 'typo', origin: 'https://evil.example' });
    expect(strangerPost.status).toBe(404);
    expect(strangerPost.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never allows Origin: null', async () => {
    const response = await post(harness.proxy.url, signup(), { origin: 'null' });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const kept = await fetch(`${harness.proxy.url}/healthz`, { headers: { 'x-request-id': 'abc.DEF_123-x' } });
    expect(kept.headers.get('x-request-id')).toBe('abc.DEF_123-x');
    const replaced = await fetch(`${harness.proxy.url}/healthz`, { headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
