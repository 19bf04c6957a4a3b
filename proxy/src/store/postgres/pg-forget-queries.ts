import type pg from 'pg';
import type { ForgetQueries, ForgottenRow } from '../forget-queries.ts';
import { toPersonRow } from '../forget-queries.ts';
import { matchesPerson } from '../person-match.ts';
import type { DbRow, SubmissionState } from '../rows.ts';
import { inTransaction } from './pg-transaction.ts';

/**
 * ForgetQueries over PostgreSQL: the same rows matched (matchesPerson is shared) and the same
 * columns erased. There is no checkpoint: PostgreSQL keeps the old row versions until VACUUM
 * reuses their space, and its WAL, archives and replicas keep theirs (docs/security.md).
 */
export type PgForgetQueries = ForgetQueries;

const ORDER = 'ORDER BY accepted_at, form_id COLLATE "C", id COLLATE "C"';
const WITH_BODIES = `SELECT * FROM submissions WHERE contact IS NOT NULL OR optin IS NOT NULL OR draft IS NOT NULL ${ORDER}`;
// Locked: a worker cannot claim or finish a matched row between the match and the erasure.
const WITH_BODIES_LOCKED = `${WITH_BODIES} FOR UPDATE`;
// As SQLite's: the bodies, the draft, Gleantap's message and the fingerprint go; a lead not yet
// delivered is withdrawn and loses its lease, so an in-flight attempt's outcome changes nothing.
const ERASE = `UPDATE submissions SET contact = NULL, optin = NULL, draft = NULL, last_message = NULL, fingerprint = NULL,
  state = CASE WHEN state IN ('queued', 'sending', 'dead') THEN 'dropped' ELSE state END,
  drop_reason = CASE WHEN state IN ('queued', 'sending', 'dead') THEN 'erased' ELSE drop_reason END,
  lease_owner = NULL, lease_until = NULL, erased_at = $3, updated_at = $3
  WHERE form_id = $1 AND id = $2`;
const WITHDRAWN: ReadonlySet<SubmissionState> = new Set(['queued', 'sending', 'dead']);

/** The forget and person-export statements on the shared pool. */
export function createPgForgetQueries(pool: pg.Pool): PgForgetQueries {
  return {
    // Nothing to empty: PostgreSQL's WAL is its own (see above).
    checkpoint: async () => ({ ok: true }),
    forget: (person, nowMs) =>
      inTransaction(pool, async (client) => {
        const forgotten: ForgottenRow[] = [];
        for (const row of (await client.query<DbRow>(WITH_BODIES_LOCKED)).rows) {
          if (!matchesPerson(row, person)) continue;
          await client.query(ERASE, [row.form_id, row.id, nowMs]);
          forgotten.push({ formId: row.form_id, id: row.id, was: row.state, state: WITHDRAWN.has(row.state) ? 'dropped' : row.state });
        }
        return forgotten;
      }),
    personRows: async (person) => (await pool.query<DbRow>(WITH_BODIES)).rows.filter((row) => matchesPerson(row, person)).map(toPersonRow),
  };
}
