import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.ts';

const now = new Date('2025-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
  });

  it('reads an HTTP date relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    for (const value of [undefined, '', '-1', '1.5', 'later', '1e3', 'Mon, 99 Foo 2025']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});
