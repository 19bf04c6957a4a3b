import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, post, SITE_ORIGIN, signup, startHarness } from '../testing/harness.ts';
import { rawRequest } from '../testing/raw-request.ts';

const OTHER_ORIGIN = 'https://evil.example';
const HUGE = 'x'.repeat(17 * 1024);

async function errorOf(response: Response): Promise<{ status: number; code: string; fields?: Record<string, string> }> {
  const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
  expect(typeof body.error.message).toBe('string');
  return { status: response.status, code: body.error.code, ...(body.error.fields ? { fields: body.error.fields } : {}) };
}

describe('check order and error answers', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  // Each request below also fails every later check, so only the documented order explains its answer.
  it('unknown route → 404 not_found, before any other check', async () => {
    const response = await fetch(`${harness.proxy.url}/v1/nothing-here`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: OTHER_ORIGIN }, body: HUGE });
    expect(await errorOf(response)).toEqual({ status: 404, code: 'not_found' });
  });

  it('wrong method on a known route → 405 method_not_allowed with Allow, even for an unknown form', async () => {
    const response = await fetch(`${harness.proxy.url}/v1/forms/no-such-form/submissions`, { method: 'PUT', headers: { 'content-type': 'text/plain', origin: OTHER_ORIGIN }, body: HUGE });
    expect(await errorOf(response)).toEqual({ status: 405, code: 'method_not_allowed' });
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    const get = await fetch(`${harness.proxy.url}/v1/forms/default/submissions`);
    expect(await errorOf(get)).toEqual({ status: 405, code: 'method_not_allowed' });
  });

  it('not JSON, a foreign charset, or any Content-Encoding → 415 before size, form and origin', async () => {
    const variants: Array<Record<string, string>> = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    ];
    for (const headers of variants) {
      const body = headers['content-encoding'] ? gzipSync(JSON.stringify(signup())) : HUGE;
      const response = await fetch(`${harness.proxy.url}/v1/forms/no-such-form/submissions`, { method: 'POST', headers: { ...headers, origin: OTHER_ORIGIN }, body });
      expect(await errorOf(response)).toEqual({ status: 415, code: 'unsupported_media_type' });
    }
    const missing = await rawRequest(`${harness.proxy.url}/v1/forms/default/submissions`, { headers: { origin: SITE_ORIGIN }, chunks: ['{}'] });
    expect(missing.status).toBe(415);
  });

  it('a body over 16 KiB → 413, declared or streamed, before form and origin', async () => {
    const declared = await post(harness.proxy.url, HUGE, { formId: 'no-such-form', origin: OTHER_ORIGIN });
    expect(await errorOf(declared)).toEqual({ status: 413, code: 'payload_too_large' });
    const streamed = await rawRequest(`${harness.proxy.url}/v1/forms/no-such-form/submissions`, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', origin: OTHER_ORIGIN },
      chunks: Array.from({ length: 20 }, () => 'y'.repeat(1024)),
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('exactly 16 KiB is not too large', async () => {
    const padded = JSON.stringify(signup({}, { context: { page_url: '' } }));
    const body = padded.replace('"page_url":""', `"page_url":"${' '.repeat(16 * 1024 - padded.length)}"`);
    expect(Buffer.byteLength(body)).toBe(16 * 1024);
    const response = await post(harness.proxy.url, body);
    // The padding is over the context limit of 2,048 characters: refused as a body, not as a size.
    expect(await errorOf(response)).toEqual({ status: 400, code: 'invalid_body' });
  });

  it('unknown form → 404 form_not_found, before origin', async () => {
    const response = await post(harness.proxy.url, 'not json', { formId: 'no-such-form', origin: OTHER_ORIGIN });
    expect(await errorOf(response)).toEqual({ status: 404, code: 'form_not_found' });
    const definition = await fetch(`${harness.proxy.url}/v1/forms/no-such-form`, { headers: { origin: SITE_ORIGIN } });
    expect(await errorOf(definition)).toEqual({ status: 404, code: 'form_not_found' });
    const prototypeName = await post(harness.proxy.url, signup(), { formId: '__proto__' });
    expect(await errorOf(prototypeName)).toEqual({ status: 404, code: 'form_not_found' });
  });

  it('missing, null or foreign Origin → 403 origin_not_allowed, before the body is judged', async () => {
    for (const origin of [null, 'null', OTHER_ORIGIN, 'https://www.example-gym.com.evil.example', 'http://www.example-gym.com']) {
      const response = await post(harness.proxy.url, 'not json', { origin });
      expect(await errorOf(response)).toEqual({ status: 403, code: 'origin_not_allowed' });
    }
    const definition = await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: OTHER_ORIGIN } });
    expect(await errorOf(definition)).toEqual({ status: 403, code: 'origin_not_allowed' });
  });

  it('a malformed body → 400 invalid_body, before fields are judged', async () => {
    const id = crypto.randomUUID();
    const cases: unknown[] = [
      'not json',
      '{"id":',
      '[]',
      'null',
      '"a string"',
      { id, fields: [] },
      { id, fields: { first_name: '' }, extra: 1 },
      { id, fields: {}, context: { favourite_colour: 'red' } },
      { id, fields: {}, context: { page_url: 5 } },
      { id, fields: {}, consent: { postal: { granted: true, version: 'x' } } },
      { fields: { first_name: '' } },
      { id: 'not-a-uuid', fields: {} },
      JSON.parse(`{"id":"${id}","fields":{},"__proto__":{"admin":true}}`),
    ];
    for (const body of cases) {
      const response = await post(harness.proxy.url, body);
      expect(await errorOf(response), JSON.stringify(body)).toEqual({ status: 400, code: 'invalid_body' });
    }
    const invalidUtf8 = Buffer.concat([Buffer.from(`{"id":"${id}","fields":{"first_name":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    const utf8 = await fetch(`${harness.proxy.url}/v1/forms/default/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SITE_ORIGIN }, body: invalidUtf8 });
    expect(await errorOf(utf8)).toEqual({ status: 400, code: 'invalid_body' });
    const mismatch = await post(harness.proxy.url, signup(), { headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(await errorOf(mismatch)).toEqual({ status: 400, code: 'invalid_body' });
  });

  it('invalid fields → 400 invalid_fields naming each field with its code', async () => {
    const response = await post(harness.proxy.url, {
      id: crypto.randomUUID(),
      fields: { first_name: 'A\u202Eb', last_name: 'x'.repeat(101), email: 'not-an-email', phone: '12', shoe_size: '44' },
    });
    expect(await errorOf(response)).toEqual({
      status: 400,
      code: 'invalid_fields',
      fields: { first_name: 'invalid_value', last_name: 'too_long', email: 'invalid_email', phone: 'invalid_phone', shoe_size: 'unknown_field' },
    });
    const missing = await post(harness.proxy.url, { id: crypto.randomUUID(), fields: { first_name: 'Ada', email: 42 } });
    expect(await errorOf(missing)).toEqual({ status: 400, code: 'invalid_fields', fields: { last_name: 'required', email: 'invalid_type' } });
  });

  it('none of these refusals reached Gleantap', async () => {
    expect(await harness.calls()).toEqual([]);
  });
});

describe('rate limits', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      env: { TRUST_PROXY: '1' },
      formsFile: {
        version: 1,
        defaults: { rateLimit: { perIp: { max: 2, windowSeconds: 600 }, perForm: { max: 2, windowSeconds: 600 } } },
        forms: {
          limited: {
            allowedOrigins: [SITE_ORIGIN],
            fields: [
              { name: 'first_name', required: true },
              { name: 'last_name', required: true },
              { name: 'email', required: true },
            ],
          },
        },
      },
    });
  });
  afterAll(() => harness.close());

  it('answers 429 rate_limited with Retry-After and draft-8 headers, before the body is judged; a forged X-Forwarded-For does not help', async () => {
    const from = (client: string, forged?: string) => ({
      formId: 'limited',
      headers: { 'x-forwarded-for': forged ? `${forged}, ${client}` : client },
    });
    expect((await post(harness.proxy.url, 'not json', from('203.0.113.7'))).status).toBe(400);
    expect((await post(harness.proxy.url, 'not json', from('203.0.113.7'))).status).toBe(400);
    // With one trusted hop only the right-most address counts, so a forged left-most one changes nothing.
    const limited = await post(harness.proxy.url, 'not json', from('203.0.113.7', '198.51.100.1'));
    expect(await errorOf(limited)).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-policy')).toMatch(/q=2; w=600/);
    expect(limited.headers.get('ratelimit')).toMatch(/r=0/);
    expect(limited.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('caps a whole form across client addresses, counting only submissions whose fields validated', async () => {
    // The invalid requests above did not count towards the form cap of 2; two valid ones fill it.
    for (const client of ['192.0.2.51', '192.0.2.52']) {
      const valid = await post(harness.proxy.url, signup({ email: `${client.replaceAll('.', '-')}@example.com` }), { formId: 'limited', headers: { 'x-forwarded-for': client } });
      expect(valid.status).toBe(201);
    }
    const other = await post(harness.proxy.url, 'not json', { formId: 'limited', headers: { 'x-forwarded-for': '192.0.2.55' } });
    expect(await errorOf(other)).toEqual({ status: 429, code: 'rate_limited' });
  });

  it('groups IPv6 clients by /56', async () => {
    // Fresh harness state is not needed: the per-form cap is spent, so check the key instead.
    const { ipKeyGenerator } = await import('express-rate-limit');
    expect(ipKeyGenerator('2001:db8:abcd:12ff::1', 56)).toBe(ipKeyGenerator('2001:db8:abcd:1200::9', 56));
    expect(ipKeyGenerator('2001:db8:abcd:12ff::1', 56)).not.toBe(ipKeyGenerator('2001:db8:abcd:1300::1', 56));
  });
});

describe('a body slower than the request timeout', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ env: { REQUEST_TIMEOUT_MS: '400', HEADERS_TIMEOUT_MS: '300' } });
  });
  afterAll(() => harness.close());

  it('is answered 408 request_timeout and the connection closed', async () => {
    const answer = await rawRequest(`${harness.proxy.url}/v1/forms/default/submissions`, {
      headers: { 'content-type': 'application/json', 'content-length': '200', origin: SITE_ORIGIN },
      chunks: ['{"id":'],
      endBody: false,
    });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'request_timeout' } });
    expect(answer.headers['connection']).toBe('close');
    expect(await harness.calls()).toEqual([]);
  });
});

describe('Gleantap failing behind the outbox', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('answers 202 queued with the submission id and never passes on the upstream body', async () => {
    await harness.fault({ mode: 'error', status: 503 });
    const body = signup();
    const response = await post(harness.proxy.url, body);
    const text = await response.text();
    expect(response.status).toBe(202);
    expect(JSON.parse(text)).toEqual({ status: 'queued', id: body['id'] });
  });
});
