import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, post, startHarness } from '../testing/harness.ts';

// Which address the per-IP limit sees, seen through the limit itself: with a limit of 2, the
// third request from one bucket is answered 429 while another bucket still gets 400.

const limitedForms = {
  version: 1,
  defaults: { rateLimit: { perIp: { max: 2, windowSeconds: 600 }, perForm: { max: 10_000, windowSeconds: 600 } } },
  forms: {
    default: {
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
      ],
    },
  },
};
const forwarded = (harness: Harness, value?: string) => post(harness.proxy.url, 'not json', value === undefined ? {} : { headers: { 'x-forwarded-for': value } }).then((response) => response.status);

describe('TRUST_PROXY=loopback (the proxy in front runs on this machine)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ env: { TRUST_PROXY: 'loopback' }, formsFile: limitedForms });
  });
  afterAll(() => harness.close());

  it('keys a request from 127.0.0.1 by its X-Forwarded-For address: two forwarded addresses get separate buckets', async () => {
    expect(await forwarded(harness, '203.0.113.7')).toBe(400);
    expect(await forwarded(harness, '203.0.113.7')).toBe(400);
    expect(await forwarded(harness, '203.0.113.7')).toBe(429);
    expect(await forwarded(harness, '203.0.113.8')).toBe(400);
  });

  it('normalises forwarded addresses first: ports, brackets and IPv4-mapped IPv6 are the same client', async () => {
    for (const same of ['203.0.113.7:51234', '::ffff:203.0.113.7', '[::ffff:203.0.113.7]:443']) expect(await forwarded(harness, same), same).toBe(429);
    expect(await forwarded(harness, '[2001:DB8::1]:443')).toBe(400);
    expect(await forwarded(harness, '2001:db8::1')).toBe(400);
    expect(await forwarded(harness, '2001:db8::1')).toBe(429);
  });

  it('falls back to the socket address when the forwarded value is not an IP', async () => {
    expect(await forwarded(harness, 'unknown')).toBe(400);
    expect(await forwarded(harness, '<script>')).toBe(400);
    // Both were keyed as 127.0.0.1, as is a request without the header.
    expect(await forwarded(harness)).toBe(429);
  });
});

describe('TRUST_PROXY as a list that does not include loopback', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ env: { TRUST_PROXY: '10.0.0.0/8, 192.168.1.10, fd00::/8' }, formsFile: limitedForms });
  });
  afterAll(() => harness.close());

  it('ignores a forged X-Forwarded-For: every request shares the loopback bucket', async () => {
    expect(await forwarded(harness, '203.0.113.7')).toBe(400);
    expect(await forwarded(harness, '198.51.100.1')).toBe(400);
    expect(await forwarded(harness, '192.0.2.1, 10.0.0.1')).toBe(429);
    expect(harness.config.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.10', 'fd00::/8']);
  });
});

describe('X-Forwarded-For while TRUST_PROXY is 0', () => {
  const warnings = (harness: Harness) => harness.logs.filter((line) => line.includes('"level":"warn"') && line.includes('TRUST_PROXY is 0'));
  let first: Harness;
  let second: Harness;
  beforeAll(async () => {
    first = await startHarness({ formsFile: limitedForms });
    second = await startHarness({ formsFile: limitedForms });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('is ignored and warned about once per running proxy, not once per request', async () => {
    expect(await forwarded(first)).toBe(400);
    expect(warnings(first)).toEqual([]);
    expect(await forwarded(first, '203.0.113.7')).toBe(400);
    expect(await forwarded(first, '203.0.113.8')).toBe(429);
    expect(await forwarded(first, '203.0.113.9')).toBe(429);
    expect(warnings(first)).toHaveLength(1);
    expect(warnings(second)).toEqual([]);
    expect(await forwarded(second, '203.0.113.7')).toBe(400);
    expect(warnings(second)).toHaveLength(1);
    expect(first.logs.join('\n')).not.toContain('203.0.113.7');
  });
});
