import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type CaptchaVerifierStandIn, startCaptchaVerifier } from '../testing/captcha-verifier.ts';
import { type CaptchaCheck, captchaHostnames, createCaptchaVerifier } from './captcha.ts';

const SITE_KEY = '0x4AAAAAAAtest';

async function setUp(options: { timeoutMs?: number } = {}) {
  const standIn = await startCaptchaVerifier();
  const verifier = createCaptchaVerifier({ baseUrl: standIn.url, ...options });
  onTestFinished(() => verifier.destroy());
  const check = (overrides: Partial<CaptchaCheck> = {}): CaptchaCheck => ({
    provider: 'turnstile',
    secret: standIn.secret,
    siteKey: SITE_KEY,
    response: `response-${Math.random().toString(36).slice(2)}`,
    remoteIp: '203.0.113.7',
    hostnames: new Set([standIn.hostname]),
    failOpen: false,
    ...overrides,
  });
  return { standIn, verifier, check };
}

const onlyFields = (standIn: CaptchaVerifierStandIn) =>
  standIn.calls().map(({ provider, secretMatches, remoteip, sitekey, contentType }) => ({ provider, secretMatches, remoteip, sitekey, contentType }));

describe('CAPTCHA verification', () => {
  it('a valid Turnstile response is accepted, asked once in the documented request format', async () => {
    const { standIn, verifier, check } = await setUp();
    const request = check();
    expect(await verifier.verify(request)).toEqual({ ok: true });
    expect(onlyFields(standIn)).toEqual([{ provider: 'turnstile', secretMatches: true, remoteip: '203.0.113.7', sitekey: null, contentType: 'application/x-www-form-urlencoded' }]);
    expect(standIn.calls()[0]?.response).toBe(request.response);
  });

  it('a valid hCaptcha response is accepted, with the site key sent too', async () => {
    const { standIn, verifier, check } = await setUp();
    expect(await verifier.verify(check({ provider: 'hcaptcha', remoteIp: undefined }))).toEqual({ ok: true });
    expect(onlyFields(standIn)).toEqual([{ provider: 'hcaptcha', secretMatches: true, remoteip: null, sitekey: SITE_KEY, contentType: 'application/x-www-form-urlencoded' }]);
  });

  it('a missing response is refused without asking the provider', async () => {
    const { standIn, verifier, check } = await setUp();
    for (const response of [undefined, null, '', 42, { token: 'x' }]) {
      expect(await verifier.verify(check({ response })), String(response)).toEqual({ ok: false, reason: 'missing' });
    }
    expect(await verifier.verify(check({ response: 'x'.repeat(2049) }))).toEqual({ ok: false, reason: 'invalid' });
    expect(standIn.calls()).toEqual([]);
  });

  it('an invalid response is refused, whatever failOpen says', async () => {
    const { standIn, verifier, check } = await setUp();
    standIn.setMode('invalid');
    expect(await verifier.verify(check())).toEqual({ ok: false, reason: 'invalid', errorCodes: ['invalid-input-response'] });
    expect(await verifier.verify(check({ provider: 'hcaptcha', failOpen: true }))).toEqual({ ok: false, reason: 'invalid', errorCodes: ['invalid-input-response'] });
  });

  it('a response verified once is a duplicate the second time, for both providers', async () => {
    const { verifier, check } = await setUp();
    for (const provider of ['turnstile', 'hcaptcha'] as const) {
      const request = check({ provider });
      expect(await verifier.verify(request)).toEqual({ ok: true });
      expect(await verifier.verify(request)).toEqual({
        ok: false,
        reason: 'duplicate',
        errorCodes: [provider === 'turnstile' ? 'timeout-or-duplicate' : 'invalid-or-already-seen-response'],
      });
    }
  });

  it('the provider saying duplicate is refused as a duplicate', async () => {
    const { standIn, verifier, check } = await setUp();
    standIn.setMode('duplicate');
    expect(await verifier.verify(check())).toMatchObject({ ok: false, reason: 'duplicate' });
  });

  it('a response solved on another host is refused', async () => {
    const { standIn, verifier, check } = await setUp();
    standIn.setMode('wrong-hostname');
    expect(await verifier.verify(check())).toEqual({ ok: false, reason: 'hostname' });
    expect(await verifier.verify(check({ provider: 'hcaptcha', failOpen: true }))).toEqual({ ok: false, reason: 'hostname' });
  });

  it('the hosts default to those of the form origins, and hostnames replace them', async () => {
    const { verifier, check } = await setUp();
    expect([...captchaHostnames(undefined, ['https://www.example-gym.com', 'https://shop.example-gym.com:8443'])]).toEqual(['www.example-gym.com', 'shop.example-gym.com']);
    expect(await verifier.verify(check({ hostnames: captchaHostnames(undefined, ['https://www.example-gym.com']) }))).toEqual({ ok: true });
    expect(await verifier.verify(check({ hostnames: captchaHostnames(['landing.example-gym.com'], ['https://www.example-gym.com']) }))).toEqual({ ok: false, reason: 'hostname' });
  });

  it('a provider that does not answer in time fails closed, or open when the form says so', async () => {
    const { standIn, verifier, check } = await setUp({ timeoutMs: 300 });
    standIn.setMode('hang');
    expect(await verifier.verify(check())).toEqual({ ok: false, reason: 'unavailable' });
    expect(await verifier.verify(check({ failOpen: true }))).toEqual({ ok: true, failedOpen: true });
    expect(standIn.calls()).toHaveLength(2);
  });

  it('a provider answering 500 fails closed, or open when the form says so', async () => {
    const { standIn, verifier, check } = await setUp();
    standIn.setMode('error-500');
    expect(await verifier.verify(check())).toEqual({ ok: false, reason: 'unavailable' });
    expect(await verifier.verify(check({ provider: 'hcaptcha', failOpen: true }))).toEqual({ ok: true, failedOpen: true });
  });

  it('a wrong secret is unavailable with the provider code, and failOpen does not wave it through', async () => {
    const { verifier, check } = await setUp();
    const result = await verifier.verify(check({ secret: 'not-the-secret', failOpen: true }));
    expect(result).toEqual({ ok: false, reason: 'unavailable', errorCodes: ['invalid-input-secret'] });
    expect(JSON.stringify(result)).not.toContain('not-the-secret');
  });

  it('a provider that cannot be reached fails closed', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const verifier = createCaptchaVerifier({ baseUrl: `http://127.0.0.1:${port}` });
    onTestFinished(() => verifier.destroy());
    const { check } = await setUp();
    expect(await verifier.verify(check())).toEqual({ ok: false, reason: 'unavailable' });
  });
});
