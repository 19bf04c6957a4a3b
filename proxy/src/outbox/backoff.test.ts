import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

describe('retryDelayMs: exponential backoff with full jitter', () => {
  it('stays within [0, min(cap, base·2^(n−1))] and never under a Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 10, max: 10_000 }),
        fc.integer({ min: 10, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
        (failures, baseMs, capExtra, random, retryAfterMs) => {
          const backoff = { baseMs, capMs: baseMs + capExtra };
          const delay = retryDelayMs(failures, backoff, () => random, retryAfterMs);
          const ceiling = Math.min(backoff.capMs, baseMs * 2 ** (failures - 1));
          return delay >= (retryAfterMs ?? 0) && (delay <= ceiling || delay === retryAfterMs);
        },
      ),
    );
  });

  it('grows exponentially up to the cap when the jitter draws its maximum', () => {
    const almostOne = () => 0.999_999;
    const backoff = { baseMs: 1000, capMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((failures) => Math.round(retryDelayMs(failures, backoff, almostOne) / 1000))).toEqual([1, 2, 4, 8, 10, 10]);
    expect(retryDelayMs(3, backoff, () => 0)).toBe(0);
    expect(retryDelayMs(3, backoff, () => 0, 30_000)).toBe(30_000);
  });
});
