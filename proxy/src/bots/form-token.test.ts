import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFormTokens } from './form-token.ts';

const AGES = { minAgeMs: 2_000, maxAgeMs: 7_200_000 };
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const tokens = createFormTokens(randomBytes(32));

describe('form tokens', () => {
  it('a token issued for a form is valid for it between the minimum and maximum age', () => {
    const token = tokens.issueToken('trial', T0);
    const at = (ms: number) => tokens.verifyToken(token, 'trial', T0 + ms, AGES);
    expect(at(AGES.minAgeMs)).toEqual({ ok: true, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), issuedAt: T0 });
    expect(at(AGES.maxAgeMs)).toMatchObject({ ok: true });
    expect(at(AGES.minAgeMs - 1)).toEqual({ ok: false, reason: 'too_young' });
    expect(at(0)).toEqual({ ok: false, reason: 'too_young' });
    expect(at(-60_000)).toEqual({ ok: false, reason: 'too_young' });
    expect(at(AGES.maxAgeMs + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('a minimum age of zero accepts a token at once (test and benchmark configs)', () => {
    expect(tokens.verifyToken(tokens.issueToken('trial', T0), 'trial', T0, { minAgeMs: 0, maxAgeMs: 1_000 })).toMatchObject({ ok: true });
  });

  it('is compact, URL-safe, versioned, and new every time', () => {
    const first = tokens.issueToken('trial', T0);
    const second = tokens.issueToken('trial', T0);
    expect(first).toMatch(/^v1\.[A-Za-z0-9._-]+$/);
    expect(encodeURIComponent(first)).toBe(first);
    expect(first.length).toBeLessThan(100);
    expect(second).not.toBe(first);
    const nonce = (token: string) => (tokens.verifyToken(token, 'trial', T0 + 5_000, AGES) as { nonce: string }).nonce;
    expect(nonce(second)).not.toBe(nonce(first));
  });

  it('never hands out a nonce twice, across the refills of its random pool', () => {
    const nonces = Array.from({ length: 1_000 }, () => (tokens.verifyToken(tokens.issueToken('trial', T0), 'trial', T0 + 5_000, AGES) as { nonce: string }).nonce);
    expect(new Set(nonces).size).toBe(1_000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('a token of another form is wrong_form, not valid', () => {
    expect(tokens.verifyToken(tokens.issueToken('trial', T0), 'class-pass', T0 + 5_000, AGES)).toEqual({ ok: false, reason: 'wrong_form' });
  });

  it('a token signed with another key, or altered anywhere, is forged', () => {
    const token = tokens.issueToken('trial', T0);
    const other = createFormTokens(randomBytes(32)).issueToken('trial', T0);
    expect(tokens.verifyToken(other, 'trial', T0 + 5_000, AGES)).toEqual({ ok: false, reason: 'forged' });
    const [version, form, issued, nonce, mac] = token.split('.') as [string, string, string, string, string];
    // An older issue time, to look ripe sooner, and another form id, to reuse it elsewhere.
    const older = (Number.parseInt(issued, 36) - 60_000).toString(36);
    expect(tokens.verifyToken([version, form, older, nonce, mac].join('.'), 'trial', T0 + 5_000, AGES)).toEqual({ ok: false, reason: 'forged' });
    expect(tokens.verifyToken([version, 'other', issued, nonce, mac].join('.'), 'other', T0 + 5_000, AGES)).toEqual({ ok: false, reason: 'forged' });
    const flipped = `${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`;
    expect(tokens.verifyToken([version, form, issued, nonce, flipped].join('.'), 'trial', T0 + 5_000, AGES)).toEqual({ ok: false, reason: 'forged' });
  });

  it('no single-character change of a valid token is accepted', () => {
    const token = tokens.issueToken('trial', T0);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (index, char) => {
        fc.pre(token[index] !== char);
        const changed = `${token.slice(0, index)}${char}${token.slice(index + 1)}`;
        expect(tokens.verifyToken(changed, 'trial', T0 + 5_000, AGES).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('anything that is not a token is malformed, and nothing throws', () => {
    const token = tokens.issueToken('trial', T0);
    for (const value of [undefined, null, 42, {}, [token], '', 'v1', `v2${token.slice(2)}`, `${token}.x`, ` ${token}`, `${token}\n`, token.toUpperCase(), 'x'.repeat(10_000), '🙂'.repeat(40)]) {
      expect(tokens.verifyToken(value, 'trial', T0 + 5_000, AGES), String(value).slice(0, 40)).toEqual({ ok: false, reason: 'malformed' });
    }
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(tokens.verifyToken(value, 'trial', T0 + 5_000, AGES).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
