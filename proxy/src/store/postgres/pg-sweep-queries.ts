import type pg from 'pg';
import type { ExpiredRow, SweepQueries } from '../sweep-queries.ts';
import { inTransaction } from './pg-transaction.ts';

/** SweepQueries over PostgreSQL: the same statements as SQLite's, each a Promise. */
export type PgSweepQueries = SweepQueries;

const EXPIRE = `UPDATE submissions SET state = 'dead', dead_reason = 'expired', dead_at = $1, lease_owner = NULL, lease_until = NULL, updated_at = $1
  WHERE state IN ('queued', 'sending') AND queued_since <= $2 AND (lease_until IS NULL OR lease_until <= $1)
  RETURNING form_id, id, last_error, last_status`;
// Ids, states, outcomes and times stay: the owner can still see that a lead came and went.
const ERASE_BODIES = `UPDATE submissions SET contact = NULL, optin = NULL, erased_at = $1, updated_at = $1
  WHERE state IN ('delivered', 'dropped') AND erased_at IS NULL AND accepted_at <= $2`;
const ERASE_FINGERPRINTS = `UPDATE submissions SET fingerprint = NULL, updated_at = $1
  WHERE erased_at IS NOT NULL AND fingerprint IS NOT NULL AND accepted_at <= $2`;
const ERASE_DEAD = `UPDATE submissions SET contact = NULL, optin = NULL, draft = NULL, last_message = NULL, erased_at = $1, updated_at = $1
  WHERE state = 'dead' AND erased_at IS NULL AND dead_at <= $2`;
const DEAD_DUE = "SELECT COUNT(*)::int AS count FROM submissions WHERE state = 'dead' AND erased_at IS NULL AND dead_at <= $1";
const DEPTH = "SELECT COUNT(*) AS count, MIN(accepted_at) AS oldest FROM submissions WHERE state IN ('queued', 'sending')";
const CLAMP = "UPDATE submissions SET next_attempt_at = $2, updated_at = $1 WHERE state = 'queued' AND next_attempt_at > $2";
const OLDEST = `SELECT form_id, id, queued_since, (SELECT COUNT(*) FROM submissions WHERE state IN ('queued', 'sending')) AS count
  FROM submissions WHERE state IN ('queued', 'sending') ORDER BY queued_since LIMIT 1`;

/** The sweep statements on the shared pool. Every instance sweeps; each statement is idempotent. */
export function createPgSweepQueries(pool: pg.Pool): PgSweepQueries {
  return {
    async expire(nowMs, cutoff) {
      const result = await pool.query<{ form_id: string; id: string; last_error: string | null; last_status: number | null }>(EXPIRE, [nowMs, cutoff]);
      return result.rows.map((row): ExpiredRow => ({ formId: row.form_id, id: row.id, lastError: row.last_error, lastStatus: row.last_status }));
    },
    erase: (nowMs, cutoff, fingerprintCutoff) =>
      inTransaction(pool, async (client) => {
        const erased = (await client.query(ERASE_BODIES, [nowMs, cutoff])).rowCount ?? 0;
        await client.query(ERASE_FINGERPRINTS, [nowMs, fingerprintCutoff]);
        return erased;
      }),
    eraseDead: async (nowMs, cutoff) => (await pool.query(ERASE_DEAD, [nowMs, cutoff])).rowCount ?? 0,
    deadDueBy: async (cutoff) => (await pool.query<{ count: number }>(DEAD_DUE, [cutoff])).rows[0]?.count ?? 0,
    clampWaits: async (nowMs, latest) => (await pool.query(CLAMP, [nowMs, latest])).rowCount ?? 0,
    async oldestWaiting() {
      const row = (await pool.query<{ form_id: string; id: string; queued_since: number; count: number }>(OLDEST)).rows[0];
      return row === undefined ? undefined : { formId: row.form_id, id: row.id, queuedSince: row.queued_since, count: row.count };
    },
    async depth() {
      const row = (await pool.query<{ count: number; oldest: number | null }>(DEPTH)).rows[0];
      return { count: row?.count ?? 0, oldestAcceptedAt: row?.oldest ?? null };
    },
  };
}
