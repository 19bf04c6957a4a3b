import type { Database } from 'better-sqlite3';
import { SUBMISSION_STATES, type SubmissionState } from './rows.ts';

/** What the queue looks like now, read at each scrape and each `/healthz/delivery`. */
export interface QueueGauges {
  /** Rows by state, every state present (0 when none). */
  readonly byState: Readonly<Record<SubmissionState, number>>;
  /** When the lead waiting longest (in this life, see `queued_since`) started waiting; null when none waits. */
  readonly oldestWaitingSince: number | null;
  /** Leads dead-lettered at or after `since`. */
  readonly deadSince: number;
}

/** Reads the queue gauges, dead letters counted from `deadSinceMs`. */
export type GaugeQueries = (deadSinceMs: number) => Promise<QueueGauges>;

/** Leads by state, every state present (0 when none), from `state, count` rows. */
export function countByState(rows: ReadonlyArray<{ readonly state: SubmissionState; readonly count: number }>): Record<SubmissionState, number> {
  const byState = Object.fromEntries(SUBMISSION_STATES.map((state) => [state, 0])) as Record<SubmissionState, number>;
  for (const row of rows) byState[row.state] = row.count;
  return byState;
}

/** Prepares the gauge reads on a store's connection (read-only statements). */
export function createGaugeQueries(db: Database): GaugeQueries {
  const states = db.prepare<[], { state: SubmissionState; count: number }>('SELECT state, COUNT(*) AS count FROM submissions GROUP BY state');
  const oldest = db.prepare<[], { since: number | null }>("SELECT MIN(queued_since) AS since FROM submissions WHERE state IN ('queued', 'sending')");
  const dead = db.prepare<[{ since: number }], { count: number }>("SELECT COUNT(*) AS count FROM submissions WHERE state = 'dead' AND dead_at >= @since");
  return async (deadSinceMs) => ({
    byState: countByState(states.all()),
    oldestWaitingSince: oldest.get()?.since ?? null,
    deadSince: dead.get({ since: deadSinceMs })?.count ?? 0,
  });
}
