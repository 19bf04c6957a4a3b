/**
 * Holds every call to Gleantap back until a Retry-After has passed. Gleantap's rate limit is
 * per account, not per lead, so one 429 pauses the worker and the inline attempts alike; each
 * row also keeps its own `next_attempt_at`, which survives a restart.
 */
export interface RetryGate {
  /** The time calls may resume, while it is still in the future. */
  blockedUntil(nowMs: number): number | undefined;
  pause(untilMs: number): void;
}

/** Creates an open gate. */
export function createRetryGate(): RetryGate {
  let until = 0;
  return {
    blockedUntil: (nowMs) => (until > nowMs ? until : undefined),
    pause(untilMs) {
      until = Math.max(until, untilMs);
    },
  };
}
