import { describe, expect, it } from 'vitest';
import { createRetryGate } from './retry-gate.ts';

const YEAR_MS = 365 * 86_400_000;

describe('retry gate', () => {
  it('caps a Retry-After of a year at capMs, and says a pause started only once', () => {
    const gate = createRetryGate(900_000);
    expect(gate.pause(1_000, YEAR_MS)).toEqual({ appliedMs: 900_000, started: true });
    expect(gate.blockedUntil(1_000)).toBe(901_000);
    // A second lead hitting the same pause extends nothing past the cap and starts nothing.
    expect(gate.pause(2_000, YEAR_MS)).toEqual({ appliedMs: 900_000, started: false });
    expect(gate.blockedUntil(2_000)).toBe(902_000);
    expect(gate.blockedUntil(902_000)).toBeUndefined();
    expect(gate.pause(903_000, 5_000)).toEqual({ appliedMs: 5_000, started: true });
  });
});
