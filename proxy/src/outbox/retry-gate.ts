/**
 * Holds every call to Gleantap back until a Retry-After has passed. Gleantap's rate limit is
 * per account, not per lead, so one 429 pauses the worker and the inline attempts alike; each
 * row also keeps its own `next_attempt_at`, which survives a restart.
 */
export interface RetryGate {
  /** The time calls may resume, while it is still in the future. */
  blockedUntil(nowMs: number): number | undefined;
  /**
   * Pauses for `requestedMs` from `nowMs`, but never longer than the cap: a Retry-After of a
   * year must not stall every delivery. `started` is true when no pause was running, so the
   * caller logs a pause once, not once per lead that hits it.
   */
  pause(nowMs: number, requestedMs: number): { readonly appliedMs: number; readonly started: boolean };
}

/** Creates an open gate whose pauses last at most `capMs` (outbox.backoff.capMs). */
export function createRetryGate(capMs: number): RetryGate {
  let until = 0;
  return {
    blockedUntil: (nowMs) => (until > nowMs ? until : undefined),
    pause(nowMs, requestedMs) {
      const appliedMs = Math.min(Math.max(requestedMs, 0), capMs);
      const started = until <= nowMs;
      until = Math.max(until, nowMs + appliedMs);
      return { appliedMs, started };
    },
  };
}
