import { describe, expect, it } from 'vitest';
import { joinUrl } from './join-url.ts';

describe('joinUrl', () => {
  it.each([
    ['https://api.gleantap.com', 'https://api.gleantap.com/v2/ExternalApi/newContact'],
    ['https://api.gleantap.com/', 'https://api.gleantap.com/v2/ExternalApi/newContact'],
    ['http://127.0.0.1:4010/prefix', 'http://127.0.0.1:4010/prefix/v2/ExternalApi/newContact'],
    ['http://127.0.0.1:4010/prefix//', 'http://127.0.0.1:4010/prefix/v2/ExternalApi/newContact'],
  ])('%s', (base, expected) => {
    expect(joinUrl(base, 'v2/ExternalApi/newContact').href).toBe(expected);
    expect(joinUrl(base, '/v2/ExternalApi/newContact').href).toBe(expected);
  });

  it('refuses other schemes, credentials, queries and fragments', () => {
    expect(() => joinUrl('ftp://api.example.com', 'x')).toThrow(/http/);
    expect(() => joinUrl('https://k:s@api.example.com', 'x')).toThrow(/credentials/);
    expect(() => joinUrl('https://api.example.com?x=1', 'x')).toThrow(/query/);
    expect(() => joinUrl('https://api.example.com#x', 'x')).toThrow(/fragment/);
    expect(() => joinUrl('not a url', 'x')).toThrow();
  });
});
