import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import { FORM_ID_PATTERN } from '@gleantap-capture/shared';

/** The age limits a form's tokens must meet, in milliseconds. */
export interface TokenAges {
  readonly minAgeMs: number;
  readonly maxAgeMs: number;
}

/** Why a token is refused; every reason is answered `403 invalid_token`. */
export type TokenRefusal = 'malformed' | 'forged' | 'wrong_form' | 'too_young' | 'expired';

/** A valid token's nonce (spent by the first submission id that uses it) and issue time. */
export type TokenVerdict = { readonly ok: true; readonly nonce: string; readonly issuedAt: number } | { readonly ok: false; readonly reason: TokenRefusal };

/** Issues and checks one key's form tokens. */
export interface FormTokens {
  /** A fresh token for the form definition of `formId`, issued at `nowMs`. */
  issueToken(formId: string, nowMs: number): string;
  /** Checks a token a submission carried, whatever it is; never throws. */
  verifyToken(token: unknown, formId: string, nowMs: number, ages: TokenAges): TokenVerdict;
}

/** The only version; a new format would get `v2.` and both be read during a change-over. */
const VERSION = 'v1';

/**
 * `v1.<form id>.<issued at, ms in base 36>.<nonce>.<MAC>`: dots and base64url only, so it
 * travels in JSON and URLs unescaped. The form id is in the clear so a token of another form
 * is told apart from a forged one; the time is at most 10 base-36 digits, so always a safe
 * integer; the nonce is 16 random bytes and the MAC a full HMAC-SHA256, both base64url.
 */
const TOKEN = /^v1\.([a-z0-9][a-z0-9_-]{0,63})\.(0|[1-9a-z][0-9a-z]{0,9})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
/** Longer than any token this module issues; longer input is refused before the regex runs. */
const MAX_LENGTH = 160;

const NONCE_BYTES = 16;
const NONCES_PER_FILL = 256;

/**
 * 16 random bytes (base64url) per call from the system's CSPRNG, drawn 256 at a time: one
 * random fill per 256 definitions served instead of one each, as `crypto.randomUUID` does.
 * Each slice is handed out once.
 */
function nonces(): () => string {
  const pool = Buffer.alloc(NONCE_BYTES * NONCES_PER_FILL);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    const nonce = pool.toString('base64url', next, next + NONCE_BYTES);
    next += NONCE_BYTES;
    return nonce;
  };
}

/**
 * Signed form tokens: an HMAC-SHA256 over the form id, the issue time and a random nonce. Only
 * this server can make one, so a bot must fetch the form definition before posting, and the
 * issue time tells how fast the form was filled. The key comes from `loadTokenKey`.
 *
 * @example
 * const tokens = createFormTokens(key);
 * const token = tokens.issueToken('trial', now);
 * tokens.verifyToken(token, 'trial', now + 5_000, { minAgeMs: 2_000, maxAgeMs: 7_200_000 }); // {ok: true, nonce, issuedAt}
 */
export function createFormTokens(key: Buffer): FormTokens {
  const mac = (body: string): string => createHmac('sha256', key).update(body).digest('base64url');
  const nonce = nonces();
  return {
    issueToken(formId, nowMs) {
      if (!FORM_ID_PATTERN.test(formId)) throw new TypeError('not a form id');
      if (!Number.isSafeInteger(nowMs) || nowMs < 0) throw new TypeError('not a time in milliseconds');
      const body = `${VERSION}.${formId}.${nowMs.toString(36)}.${nonce()}`;
      return `${body}.${mac(body)}`;
    },
    verifyToken(token, formId, nowMs, ages) {
      if (typeof token !== 'string' || token.length > MAX_LENGTH) return { ok: false, reason: 'malformed' };
      const parts = TOKEN.exec(token);
      if (parts === null) return { ok: false, reason: 'malformed' };
      const [, tokenForm = '', issued = '', nonce = '', given = ''] = parts;
      const body = token.slice(0, token.length - given.length - 1);
      // Compared as the canonical base64url text, in constant time: equal lengths are guaranteed
      // by the pattern, and the text (not decoded bytes) refuses a second spelling of one MAC.
      if (!timingSafeEqual(Buffer.from(mac(body), 'latin1'), Buffer.from(given, 'latin1'))) return { ok: false, reason: 'forged' };
      if (tokenForm !== formId) return { ok: false, reason: 'wrong_form' };
      const issuedAt = Number.parseInt(issued, 36);
      const age = nowMs - issuedAt;
      // A token from the future (another instance's clock runs ahead) is too young until it is not.
      if (!(age >= ages.minAgeMs)) return { ok: false, reason: 'too_young' };
      if (age > ages.maxAgeMs) return { ok: false, reason: 'expired' };
      return { ok: true, nonce, issuedAt };
    },
  };
}
