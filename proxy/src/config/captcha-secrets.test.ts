import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';

const KEYS = { GLEANTAP_API_KEY: 'key-default', GLEANTAP_SECRET_KEY: 'secret-default', GLEANTAP_APP_ID: 'app-default' };
const SECRET = 'turnstile-secret-canary-7d2e';
const FIELDS = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
];

function load(env: Record<string, string>, bots: unknown = { captcha: { provider: 'turnstile', siteKey: '0x4AAAAAAAtest', secretEnv: 'TURNSTILE_SECRET_KEY' } }) {
  const file = { version: 1, forms: { trial: { allowedOrigins: ['https://www.example-gym.com'], fields: FIELDS, bots } } };
  return loadConfig({ ...KEYS, CAPTURE_CONFIG: './forms.json', ...env }, { readFile: () => JSON.stringify(file) });
}

describe('CAPTCHA secrets and the siteverify base URL', () => {
  it('reads the secret by the variable secretEnv names, into the scrubbed secrets, and resolves the CAPTCHA', () => {
    const result = load({ TURNSTILE_SECRET_KEY: SECRET, CAPTCHA_VERIFY_BASE_URL: 'http://127.0.0.1:8788' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.secrets.get('TURNSTILE_SECRET_KEY')).toBe(SECRET);
    expect(result.config.captchaVerifyBaseUrl).toBe('http://127.0.0.1:8788');
    expect(result.config.forms.get('trial')?.bots.captcha).toMatchObject({ provider: 'turnstile', failOpen: false });
    expect([...(result.config.forms.get('trial')?.bots.captcha?.hostnames ?? [])]).toEqual(['www.example-gym.com']);
  });

  it('an unset secret, one of our own settings, or a stand-in URL that is not https off loopback is a problem that names no value', () => {
    const unset = load({});
    expect(unset.ok ? [] : unset.problems).toEqual([{ path: 'forms.trial.bots.captcha.secretEnv', message: 'TURNSTILE_SECRET_KEY is not set' }]);
    const own = load({}, { captcha: { provider: 'hcaptcha', siteKey: 'site', secretEnv: 'GLEANTAP_API_KEY' } });
    expect(own.ok ? [] : own.problems).toEqual([{ path: 'forms.trial.bots.captcha.secretEnv', message: 'GLEANTAP_API_KEY holds a setting of this proxy, not a CAPTCHA secret' }]);
    const remote = load({ TURNSTILE_SECRET_KEY: SECRET, CAPTCHA_VERIFY_BASE_URL: 'http://verify.example.com' });
    expect(remote.ok ? [] : remote.problems.map((item) => item.path)).toEqual(['CAPTCHA_VERIFY_BASE_URL']);
    expect(JSON.stringify([unset, own, remote])).not.toContain(SECRET);
  });

  it('a form without a CAPTCHA needs no secret, and its phone countries default to its phoneCountry', () => {
    const result = load({}, {});
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.config.forms.get('trial')?.bots.captcha).toBeUndefined();
    expect([...(result.config.forms.get('trial')?.bots.phone.countries ?? [])]).toEqual(['US']);
  });
});
