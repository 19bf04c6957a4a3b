import type pg from 'pg';
import type { DeliveryQueries } from '../delivery-queries.ts';
import { type DbRow, toLeasedRow } from '../rows.ts';

/** DeliveryQueries over PostgreSQL: the same statements as SQLite's, each a Promise. */
export type PgDeliveryQueries = DeliveryQueries;

// Any number of instances claim from one table: SKIP LOCKED passes over rows another claimer
// has locked this instant, and the lease columns keep a claimed row out of every later claim
// until it expires. Rows come back in due order (RETURNING keeps none, so they are sorted).
const CLAIM = `UPDATE submissions AS s SET state = 'sending', lease_owner = $1, lease_until = $2, updated_at = $3
  FROM (SELECT form_id, id FROM submissions
        WHERE state IN ('queued', 'sending') AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
        ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) AS due
  WHERE s.form_id = due.form_id AND s.id = due.id
  RETURNING s.*`;
// Every outcome is written only by the lease's holder: one that lost its lease changes nothing.
const GUARD = 'WHERE form_id = $1 AND id = $2 AND lease_owner = $3';
// The contact exists from here on: a submission still waiting for its answer is `created`.
const ANSWERED = 'answer = COALESCE(answer, 201)';
const CONTACT_DONE = `UPDATE submissions SET contact_done_at = $4, gleantap_id = $5, attempts = attempts + 1, ${ANSWERED},
  last_error = NULL, last_status = NULL, last_message = NULL, lease_until = $6, updated_at = $4 ${GUARD}`;
const DELIVERED = `UPDATE submissions SET state = 'delivered', delivered_at = $4, ${ANSWERED},
  contact_done_at = COALESCE(contact_done_at, $4), gleantap_id = COALESCE($5, gleantap_id),
  optin_state = COALESCE($6, optin_state), attempts = attempts + $7, last_error = $8, last_status = $9,
  last_message = $10, lease_owner = NULL, lease_until = NULL, updated_at = $4 ${GUARD}`;
const RETRY_LATER = `UPDATE submissions SET state = 'queued', next_attempt_at = $5, attempts = attempts + 1,
  last_error = $6, last_status = $7, last_message = $8, optin_state = COALESCE($9, optin_state),
  lease_owner = NULL, lease_until = NULL, updated_at = $4 ${GUARD}`;
const DEAD = `UPDATE submissions SET state = 'dead', dead_reason = $5, dead_at = $4, attempts = attempts + $6,
  last_error = $7, last_status = $8, last_message = $9, optin_state = COALESCE($10, optin_state),
  lease_owner = NULL, lease_until = NULL, updated_at = $4 ${GUARD}`;
const DEFER = `UPDATE submissions SET state = 'queued', next_attempt_at = $5, lease_owner = NULL, lease_until = NULL, updated_at = $4 ${GUARD}`;
const OPTIN_SENDING = `UPDATE submissions SET optin_state = 'sending', lease_until = $5, updated_at = $4 ${GUARD} AND optin_state = 'pending'`;
const RELEASE = `UPDATE submissions SET state = 'queued', next_attempt_at = LEAST(next_attempt_at, $2),
  lease_owner = NULL, lease_until = NULL, updated_at = $2 WHERE lease_owner = $1 AND state = 'sending'`;
const SET_BODIES = `UPDATE submissions SET contact = $5, optin = $6, optin_state = $7, draft = NULL,
  api_key_env = $8, secret_key_env = $9, updated_at = $4 ${GUARD}`;

/** The worker's and the attempts' statements on the shared pool; each outcome one autocommit statement. */
export function createPgDeliveryQueries(pool: pg.Pool): PgDeliveryQueries {
  const changed = async (sql: string, values: unknown[]): Promise<boolean> => (await pool.query(sql, values)).rowCount === 1;
  return {
    async claim(lease, leaseUntil, limit) {
      const result = await pool.query<DbRow>(CLAIM, [lease.owner, leaseUntil, lease.nowMs, limit]);
      return result.rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at).map(toLeasedRow);
    },
    contactDone: (key, lease, gleantapId, leaseUntil) => changed(CONTACT_DONE, [key.formId, key.id, lease.owner, lease.nowMs, gleantapId, leaseUntil]),
    delivered: (key, lease, change) =>
      changed(DELIVERED, [
        key.formId,
        key.id,
        lease.owner,
        lease.nowMs,
        change.gleantapId,
        change.optinState,
        change.calls,
        change.failure?.reason ?? null,
        change.failure?.status ?? null,
        change.failure?.message ?? null,
      ]),
    retryLater: (key, lease, nextAttemptAt, failure, optinState) =>
      changed(RETRY_LATER, [key.formId, key.id, lease.owner, lease.nowMs, nextAttemptAt, failure.reason, failure.status, failure.message ?? null, optinState]),
    dead: (key, lease, reason, failure, calls, optinState) =>
      changed(DEAD, [key.formId, key.id, lease.owner, lease.nowMs, reason, calls, failure.reason, failure.status, failure.message ?? null, optinState]),
    defer: (key, lease, nextAttemptAt) => changed(DEFER, [key.formId, key.id, lease.owner, lease.nowMs, nextAttemptAt]),
    optinSending: (key, lease, leaseUntil) => changed(OPTIN_SENDING, [key.formId, key.id, lease.owner, lease.nowMs, leaseUntil]),
    releaseOwned: async (lease) => (await pool.query(RELEASE, [lease.owner, lease.nowMs])).rowCount ?? 0,
    setBodies: (key, lease, contact, optin, account) =>
      changed(SET_BODIES, [
        key.formId,
        key.id,
        lease.owner,
        lease.nowMs,
        JSON.stringify(contact),
        optin === undefined ? null : JSON.stringify(optin),
        optin === undefined ? null : 'pending',
        account.apiKeyEnv,
        account.secretKeyEnv,
      ]),
  };
}
