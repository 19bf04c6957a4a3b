import { createHmac } from 'node:crypto';

/** The request header carrying the signature. */
export const SIGNATURE_HEADER = 'x-gleantap-capture-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, Stripe's scheme: the time inside
 * the signed text lets a receiver refuse replays of an old request.
 */
export function signatureHeader(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
