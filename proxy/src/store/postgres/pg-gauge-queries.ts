import type pg from 'pg';
import { countByState, type GaugeQueries } from '../gauge-queries.ts';
import type { SubmissionState } from '../rows.ts';

const STATES = 'SELECT state, COUNT(*)::int AS count FROM submissions GROUP BY state';
const OLDEST = "SELECT MIN(queued_since) AS since FROM submissions WHERE state IN ('queued', 'sending')";
const DEAD = "SELECT COUNT(*)::int AS count FROM submissions WHERE state = 'dead' AND dead_at >= $1";

/** The queue gauges over PostgreSQL: the same reads as SQLite's, for every instance together. */
export function createPgGaugeQueries(pool: pg.Pool): GaugeQueries {
  return async (deadSinceMs) => {
    const [states, oldest, dead] = await Promise.all([
      pool.query<{ state: SubmissionState; count: number }>(STATES),
      pool.query<{ since: number | null }>(OLDEST),
      pool.query<{ count: number }>(DEAD, [deadSinceMs]),
    ]);
    return { byState: countByState(states.rows), oldestWaitingSince: oldest.rows[0]?.since ?? null, deadSince: dead.rows[0]?.count ?? 0 };
  };
}
