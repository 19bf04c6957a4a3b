import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from './base-url.ts';
import { loadConfig } from './load-config.ts';

describe('checkBaseUrl', () => {
  it.each([
    ['https://api.gleantap.com', 'https://api.gleantap.com'],
    ['https://api.gleantap.com/', 'https://api.gleantap.com'],
    ['HTTPS://API.Gleantap.com:443/', 'https://api.gleantap.com'],
    ['https://gateway.example.com/gleantap/', 'https://gateway.example.com/gleantap'],
    ['http://localhost:4010', 'http://localhost:4010'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.45.6.7', 'http://127.45.6.7'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
  ])('accepts %s as %s', (input, url) => {
    expect(checkBaseUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['http://api.gleantap.com', /must use https/],
    ['http://localhost.evil.example', /must use https/],
    ['http://127.0.0.1.nip.io', /must use https/],
    ['http://10.0.0.1', /must use https/],
    ['http://[::2]', /must use https/],
    ['https://user:hunter2@api.gleantap.com', /credentials/],
    ['https://api.gleantap.com/?key=1', /query/],
    ['https://api.gleantap.com?', /query/],
    ['https://api.gleantap.com/#x', /fragment/],
    ['ftp://api.gleantap.com', /https URL/],
    ['api.gleantap.com', /not a valid URL/],
  ])('refuses %s', (input, reason) => {
    const verdict = checkBaseUrl(input);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });
});

describe('GLEANTAP_BASE_URL in loadConfig', () => {
  const env = { GLEANTAP_API_KEY: 'k', GLEANTAP_SECRET_KEY: 's', GLEANTAP_APP_ID: 'a', ALLOWED_ORIGINS: 'https://www.example.com' };

  it('defaults to https://api.gleantap.com', () => {
    const result = loadConfig(env);
    expect(result.ok && result.config.gleantap.baseUrl).toBe('https://api.gleantap.com');
  });

  it('accepts the loopback sandbox over http', () => {
    const result = loadConfig({ ...env, GLEANTAP_BASE_URL: 'http://127.0.0.1:4010/' });
    expect(result.ok && result.config.gleantap.baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('refuses plain http elsewhere and never repeats credentials from the URL', () => {
    const result = loadConfig({ ...env, GLEANTAP_BASE_URL: 'http://admin:pw-canary-81723@gleantap.example' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([{ path: 'GLEANTAP_BASE_URL', message: expect.stringMatching(/credentials/) }]);
      expect(JSON.stringify(result)).not.toContain('pw-canary-81723');
    }
  });
});
