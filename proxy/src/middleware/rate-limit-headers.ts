import { createHash } from 'node:crypto';
import type { Response } from 'express';

/** What one limiter knows about a request after counting it. */
export interface LimitInfo {
  readonly name: string;
  /** The key counted (an address or prefix, or `all`): only its hash is shown. */
  readonly key: string;
  readonly limit: number;
  readonly used: number;
  readonly windowSeconds: number;
  readonly resetTime: Date | undefined;
}

function secondsToReset(windowSeconds: number, resetTime: Date | undefined): number {
  return resetTime === undefined ? windowSeconds : Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
}

/**
 * The partition key of draft-8's policy: a short hash, so a client can tell its buckets apart
 * without learning what they are keyed on (the same form as express-rate-limit's).
 */
function partitionKey(key: string): string {
  return Buffer.from(createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');
}

/**
 * IETF draft-8 headers, one entry per limiter consulted: `RateLimit: "per-ip"; r=29; t=600`
 * and `RateLimit-Policy: "per-ip"; q=30; w=600; pk=:…:`.
 */
export function setRateLimitHeaders(res: Response, info: LimitInfo): void {
  if (res.headersSent) return;
  const remaining = Math.max(info.limit - info.used, 0);
  res.append('RateLimit', `"${info.name}"; r=${remaining}; t=${secondsToReset(info.windowSeconds, info.resetTime)}`);
  res.append('RateLimit-Policy', `"${info.name}"; q=${info.limit}; w=${info.windowSeconds}; pk=:${partitionKey(info.key)}:`);
}

/** `Retry-After` in seconds until the refusing window ends. */
export function setRetryAfter(res: Response, windowSeconds: number, resetTime: Date | undefined): void {
  if (!res.headersSent) res.setHeader('Retry-After', String(secondsToReset(windowSeconds, resetTime)));
}
