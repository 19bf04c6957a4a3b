import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, post, SITE_ORIGIN, signup, startHarness } from '../testing/harness.ts';

// Rate limits a busy studio does not hit, an exempt front desk, and a per-form cap that only
// validated submissions can fill — all seen over real HTTP against a running proxy.

const FIELDS = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
];
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
const status = async (response: Promise<Response>) => (await response).status;

describe('the default per-IP limit', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ formsFile: { version: 1, forms: { default: { fields: FIELDS } } } });
  });
  afterAll(() => harness.close());

  it('lets 30 submissions from one address through in 10 minutes and refuses the 31st', async () => {
    const answers: number[] = [];
    for (let index = 0; index < 31; index += 1) answers.push(await status(post(harness.proxy.url, signup({ email: `front.desk.${index}@example.com` }))));
    expect(answers.slice(0, 30)).toEqual(Array<number>(30).fill(201));
    expect(answers[30]).toBe(429);
    expect(harness.config.forms.get('default')?.rateLimit.perIp).toEqual({ max: 30, windowSeconds: 600 });
  });

  it('tells every answer its draft-8 RateLimit and RateLimit-Policy, and a refusal its Retry-After', async () => {
    const refused = await post(harness.proxy.url, signup());
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(refused.headers.get('ratelimit')).toBe(`"per-ip"; r=0; t=${retryAfter}`);
    expect(refused.headers.get('ratelimit-policy')).toMatch(/^"per-ip"; q=30; w=600; pk=:[A-Za-z0-9+/=]+:$/);

    const definition = await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: SITE_ORIGIN } });
    expect(definition.status).toBe(200);
    expect(definition.headers.get('ratelimit')).toMatch(/^"per-ip"; r=\d+; t=\d+$/);
    expect(definition.headers.get('retry-after')).toBeNull();
  });
});

describe('rateLimit.exemptIps', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      env: { TRUST_PROXY: 'loopback' },
      formsFile: {
        version: 1,
        defaults: { rateLimit: { perIp: { max: 2, windowSeconds: 600 }, definitionPerIp: { max: 2, windowSeconds: 600 }, exemptIps: ['203.0.113.0/24', '2001:db8:5::/48', '198.51.100.9'] } },
        forms: { default: { fields: FIELDS } },
      },
    });
  });
  afterAll(() => harness.close());

  it('are never limited per IP, IPv4 and IPv6, submissions and definitions alike', async () => {
    for (const address of ['203.0.113.7', '203.0.113.200', '2001:db8:5::9', '198.51.100.9']) {
      for (let index = 0; index < 8; index += 1) {
        expect(await status(post(harness.proxy.url, 'not json', from(address))), address).toBe(400);
        const definition = await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: SITE_ORIGIN, ...from(address).headers } });
        expect(definition.status, address).toBe(200);
      }
    }
  });

  it('other addresses still are', async () => {
    for (const address of ['198.51.100.10', '2001:db8:6::1']) {
      expect(await status(post(harness.proxy.url, 'not json', from(address)))).toBe(400);
      expect(await status(post(harness.proxy.url, 'not json', from(address)))).toBe(400);
      expect(await status(post(harness.proxy.url, 'not json', from(address))), address).toBe(429);
    }
  });
});

describe('the per-form cap', () => {
  let harness: Harness;
  let clock = Date.parse('2026-05-01T10:00:00.000Z');
  beforeAll(async () => {
    harness = await startHarness({
      env: { TRUST_PROXY: 'loopback' },
      now: () => new Date(clock),
      formsFile: {
        version: 1,
        defaults: { rateLimit: { perIp: { max: 1000, windowSeconds: 600 }, perForm: { max: 3, windowSeconds: 3600 } } },
        forms: { default: { fields: FIELDS } },
      },
    });
  });
  afterAll(() => harness.close());

  const capLines = () => harness.logs.filter((line) => line.includes('"level":"error"') && line.includes('reached its cap'));

  it('is not consumed by 100 invalid requests (bad JSON, bad fields, unknown keys, honeypot with bad fields)', async () => {
    const invalid = [
      () => 'not json',
      () => signup({ email: 'nope' }),
      () => signup({ shoe_size: '42' }),
      () => ({ id: crypto.randomUUID(), fields: {} }),
      () => signup({ first_name: '' }, { hp: 'http://spam.example' }),
    ];
    for (let index = 0; index < 100; index += 1) {
      const body = invalid[index % invalid.length]!();
      const expected = index % invalid.length === 4 ? 202 : 400;
      expect(await status(post(harness.proxy.url, body, from(`198.51.100.${index % 250}`)))).toBe(expected);
    }
    for (let index = 0; index < 3; index += 1) {
      expect(await status(post(harness.proxy.url, signup({ email: `lead${index}@example.com` }), from(`192.0.2.${index}`)))).toBe(201);
    }
    expect(capLines()).toEqual([]);
  });

  it('refuses once validated submissions fill it, before the body is judged, and logs one error line a minute naming the form and the limit', async () => {
    for (const body of [signup({ email: 'late@example.com' }), 'not json', signup({ email: 'later@example.com' })]) {
      const response = await post(harness.proxy.url, body, from('192.0.2.99'));
      expect(response.status).toBe(429);
      expect(await response.json()).toMatchObject({ error: { code: 'rate_limited' } });
    }
    expect(capLines()).toHaveLength(1);
    expect(JSON.parse(capLines()[0]!)).toMatchObject({ form: 'default', limit: { max: 3, windowSeconds: 3600 }, refused: 1 });

    clock += 61_000;
    expect(await status(post(harness.proxy.url, signup(), from('192.0.2.99')))).toBe(429);
    expect(capLines()).toHaveLength(2);
    expect(JSON.parse(capLines()[1]!)).toMatchObject({ form: 'default', refused: 3 });
    expect(await harness.contacts()).toHaveLength(3);
    // Both limiters were consulted: one entry each, the cap's empty.
    const refused = await post(harness.proxy.url, signup({ email: 'headers@example.com' }), from('192.0.2.98'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit')).toMatch(/^"per-ip"; r=999; t=\d+, "per-form"; r=0; t=\d+$/);
    expect(refused.headers.get('ratelimit-policy')).toMatch(/^"per-ip"; q=1000; w=600; pk=:[^:]+:, "per-form"; q=3; w=3600; pk=:[^:]+:$/);
  });
});
