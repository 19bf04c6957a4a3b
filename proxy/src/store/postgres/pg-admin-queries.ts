import type { NewContactBody } from '@gleantap-capture/shared';
import type pg from 'pg';
import type { ContactDraft } from '../../submission/job.ts';
import type { AdminQueries, RetryResult } from '../admin-queries.ts';
import { type DbRow, type RowKey, type SubmissionState, toSummary } from '../rows.ts';
import { inTransaction } from './pg-transaction.ts';

/** AdminQueries over PostgreSQL: the same statements as SQLite's, each a Promise. */
export type PgAdminQueries = AdminQueries;

// SQLite compares TEXT byte by byte; "C" makes PostgreSQL list rows in that same order
// whatever the database's collation.
const ORDER = 'ORDER BY accepted_at, form_id COLLATE "C", id COLLATE "C"';
const ALL = `SELECT * FROM submissions ${ORDER}`;
const IN_STATE = `SELECT * FROM submissions WHERE state = $1 ${ORDER}`;
// Locked: a retry decides on the row as it is, and a worker cannot claim it meanwhile.
const BY_ID_LOCKED = 'SELECT * FROM submissions WHERE id = $1 ORDER BY form_id COLLATE "C" FOR UPDATE';
const DEAD_LOCKED = `SELECT * FROM submissions WHERE state = 'dead' ${ORDER} FOR UPDATE`;
// A retried lead starts a fresh life: its dead-letter age counts again from now.
const REQUEUE = `UPDATE submissions SET state = 'queued', dead_reason = NULL, drop_reason = NULL, dead_at = NULL, attempts = 0,
  next_attempt_at = $3, queued_since = $3, lease_owner = NULL, lease_until = NULL, updated_at = $3
  WHERE form_id = $1 AND id = $2 AND state IN ('dead', 'dropped') AND (contact IS NOT NULL OR draft IS NOT NULL)`;
// A queued lead keeps its history and dead-letter age; only its wait ends.
const DUE_NOW = `UPDATE submissions SET next_attempt_at = $3, updated_at = $3
  WHERE form_id = $1 AND id = $2 AND state = 'queued' AND (lease_until IS NULL OR lease_until <= $3)`;
const PURGE = "DELETE FROM submissions WHERE (state = 'delivered' AND delivered_at <= $1) OR (state = 'dead' AND dead_at <= $1)";

/** The owner's statements behind the `outbox` commands; safe beside running instances. */
export function createPgAdminQueries(pool: pg.Pool): PgAdminQueries {
  return {
    list: async (state) => (state === undefined ? await pool.query<DbRow>(ALL) : await pool.query<DbRow>(IN_STATE, [state])).rows.map(toSummary),
    retry: (target, nowMs) =>
      inTransaction(pool, async (client): Promise<RetryResult> => {
        const candidates = (target === 'all-dead' ? await client.query<DbRow>(DEAD_LOCKED) : await client.query<DbRow>(BY_ID_LOCKED, [target.id])).rows;
        const retried: Array<RowKey & { how: 'requeued' | 'due_now' }> = [];
        const skipped: Array<RowKey & { state: SubmissionState; why: 'not_dead' | 'erased' }> = [];
        for (const row of candidates) {
          const key = { formId: row.form_id, id: row.id };
          if (row.state === 'queued' && target !== 'all-dead') {
            if ((await client.query(DUE_NOW, [key.formId, key.id, nowMs])).rowCount === 1) retried.push({ ...key, how: 'due_now' });
            else skipped.push({ ...key, state: 'sending', why: 'not_dead' });
          } else if (row.state !== 'dead' && row.state !== 'dropped') skipped.push({ ...key, state: row.state, why: 'not_dead' });
          else if (row.contact === null && row.draft === null) skipped.push({ ...key, state: row.state, why: 'erased' });
          else if ((await client.query(REQUEUE, [key.formId, key.id, nowMs])).rowCount === 1) retried.push({ ...key, how: 'requeued' });
        }
        return { retried, skipped };
      }),
    purge: async (cutoff) => (await pool.query(PURGE, [cutoff])).rowCount ?? 0,
    exportRows: async (state) =>
      (await pool.query<DbRow>(IN_STATE, [state])).rows.map((row) => ({
        ...toSummary(row),
        contact: row.contact === null ? null : (JSON.parse(row.contact) as NewContactBody),
        fields: row.draft === null ? null : (JSON.parse(row.draft) as ContactDraft).values,
      })),
  };
}
