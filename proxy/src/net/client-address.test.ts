import { describe, expect, it } from 'vitest';
import { normaliseClientAddress } from './client-address.ts';

describe('normaliseClientAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7:51234 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['[::ffff:203.0.113.7]:443', '203.0.113.7'],
    ['[2001:DB8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8::1', '2001:db8::1'],
  ])('%s → %s', (value, expected) => expect(normaliseClientAddress(value)).toBe(expected));

  it.each(['', 'unknown', '<script>', '203.0.113', '203.0.113.7:port', '1.2.3.4, 5.6.7.8', '[not-an-ip]:80', 'ada@example.com'])('%j is not an address', (value) => {
    expect(normaliseClientAddress(value)).toBeUndefined();
  });
});
