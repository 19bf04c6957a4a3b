/** Monotonic counts since start, ready to become Prometheus counters. */
export interface OutboxCounters {
  /** Leads stored for delivery (replays and dropped submissions not counted). */
  accepted: number;
  delivered: number;
  /** Failed calls that were scheduled to be tried again. */
  retried: number;
  /** Leads dead-lettered (`rejected` or `expired`). */
  dead: number;
  /** Bot-flagged submissions stored as `dropped`. */
  dropped: number;
}

/** The counters plus the queue gauges read from the store. */
export interface OutboxMetrics extends Readonly<OutboxCounters> {
  /** Leads waiting to be delivered (`queued` or `sending`). */
  readonly queueDepth: number;
  /** Age of the oldest of them, or null when none waits. */
  readonly oldestQueuedAgeMs: number | null;
}

/** Fresh counters for one outbox instance. */
export function createCounters(): OutboxCounters {
  return { accepted: 0, delivered: 0, retried: 0, dead: 0, dropped: 0 };
}
