/** Exponential backoff settings (`outbox.backoff` in the forms file). */
export interface BackoffSettings {
  readonly baseMs: number;
  readonly capMs: number;
}

/**
 * Delay before the next try after `failures` failed calls: exponential backoff with full jitter
 * (uniform in [0, min(cap, base·2^(failures−1)))), so retries from an outage spread out instead
 * of arriving together; never shorter than a Retry-After Gleantap asked for.
 */
export function retryDelayMs(failures: number, backoff: BackoffSettings, random: () => number, retryAfterMs?: number): number {
  // 2^31 is far past any cap; clamping the exponent keeps the arithmetic finite.
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 31));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
