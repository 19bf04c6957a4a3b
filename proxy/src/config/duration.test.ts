import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1s', 1_000],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '00s', '30', 's', '1.5h', '-1d', '30 s', '30S', '1w', '1234567s', ' 7d'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
