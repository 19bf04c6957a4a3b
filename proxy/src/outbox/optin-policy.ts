import type { FailureReason } from '../gleantap/delivery-outcome.ts';

/**
 * Each optin call sends an SMS, so after a failure it is repeated only when Gleantap said
 * plainly that it did not act: 429 (rate limited) or 408 (it never got the whole request).
 * A timeout, reset, 5xx or lost connection may have sent the SMS: that outcome stays `unknown`.
 */
export function optinMayRetry(reason: FailureReason): boolean {
  return reason === 'http_429' || reason === 'http_408';
}
