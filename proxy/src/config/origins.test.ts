import { describe, expect, it } from 'vitest';
import { normaliseOrigin } from './origins.ts';

describe('normaliseOrigin', () => {
  it.each([
    ['https://www.example.com', 'https://www.example.com'],
    ['HTTPS://WWW.Example.COM', 'https://www.example.com'],
    ['https://www.example.com/', 'https://www.example.com'],
    ['https://www.example.com:443', 'https://www.example.com'],
    ['http://www.example.com:80', 'http://www.example.com'],
    ['http://www.example.com:443', 'http://www.example.com:443'],
    ['https://www.example.com:8443', 'https://www.example.com:8443'],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:5173'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ])('normalises %s to %s', (input, origin) => {
    expect(normaliseOrigin(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['https://www.example.com/signup', /path/],
    ['https://www.example.com/.', /path/],
    ['https://www.example.com?x=1', /query/],
    ['https://www.example.com/?', /query/],
    ['https://www.example.com#top', /fragment/],
    ['https://user:pw@www.example.com', /user info/],
    ['https://@www.example.com', /user info/],
    ['*', /wildcard/],
    ['https://*.example.com', /wildcard/],
    ['null', /null/],
    ['ftp://www.example.com', /only http and https/],
    ['file:///etc/passwd', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['www.example.com', /scheme/],
    ['https:www.example.com', /scheme:\/\/host/],
    ['https://', /no host/],
    ['', /empty/],
    [' https://www.example.com', /white space/],
    ['https://www.example.com:99999', /not a valid origin/],
    ['https:\\\\www.example.com', /scheme:\/\/host/],
  ])('refuses %j', (input, reason) => {
    const verdict = normaliseOrigin(input);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it('compares a browser Origin header and a configured origin as equal strings', () => {
    const configured = normaliseOrigin('HTTPS://Shop.Example.com:443/');
    const header = normaliseOrigin('https://shop.example.com');
    expect(configured.ok && header.ok && configured.origin === header.origin).toBe(true);
  });
});
