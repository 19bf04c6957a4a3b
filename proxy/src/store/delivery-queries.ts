import type { NewContactBody, OptinBody } from '@gleantap-capture/shared';
import type { Database } from 'better-sqlite3';
import { type DbRow, type DeadReason, type LeasedRow, type OptinState, type RowKey, toLeasedRow } from './rows.ts';
import type { SyncBarrier } from './sync-barrier.ts';
import { turnWrites } from './turn-writes.ts';

/** Who holds a row and until when; every outcome is written only by the lease's holder. */
export interface Lease {
  readonly owner: string;
  readonly nowMs: number;
}

/** A failed call as the store records it: stable reason names, never an upstream body. */
export interface FailureRecord {
  readonly reason: string;
  readonly status: number | null;
  /** Gleantap's message (bounded and cleaned by the client), when it gave one. */
  readonly message?: string | null;
}

/**
 * The worker's and the attempts' statements. Each outcome is one statement guarded by
 * `lease_owner`, so an attempt that lost its lease (expired, released) changes nothing. Each
 * returns whether it changed the row. Store errors reject. `contactDone` and `delivered` run at
 * the end of the turn they were asked for in, in one transaction with that turn's others; the
 * rest run at the call.
 */
export interface DeliveryQueries {
  /** Leases up to `limit` due rows whose lease is free or expired, oldest due first. */
  claim(lease: Lease, leaseUntil: number, limit: number): Promise<LeasedRow[]>;
  /** newContact succeeded and the optin step follows: keep the lease, renewed. Records answer 201 unless one is. */
  contactDone(key: RowKey, lease: Lease, gleantapId: string | null, leaseUntil: number): Promise<boolean>;
  /** Records answer 201 unless one is (the contact exists). */
  delivered(key: RowKey, lease: Lease, change: { gleantapId: string | null; optinState: OptinState | null; calls: 0 | 1; failure: FailureRecord | null }): Promise<boolean>;
  retryLater(key: RowKey, lease: Lease, nextAttemptAt: number, failure: FailureRecord, optinState: OptinState | null): Promise<boolean>;
  dead(key: RowKey, lease: Lease, reason: DeadReason, failure: FailureRecord, calls: 0 | 1, optinState: OptinState | null): Promise<boolean>;
  /** Gives the row back without a call (Retry-After pause). */
  defer(key: RowKey, lease: Lease, nextAttemptAt: number): Promise<boolean>;
  /** Written and committed before the optin call, so that call is never made twice. */
  optinSending(key: RowKey, lease: Lease, leaseUntil: number): Promise<boolean>;
  /** Graceful shutdown: every row this owner holds goes back to the queue, due now. */
  releaseOwned(lease: Lease): Promise<number>;
  /** An `invalid_contact` lead's bodies, built anew from its draft: stored, the draft dropped. */
  setBodies(key: RowKey, lease: Lease, contact: NewContactBody, optin: OptinBody | undefined, account: { apiKeyEnv: string; secretKeyEnv: string }): Promise<boolean>;
}

/**
 * Prepares the delivery statements on a store's connection. With `barrier`, the two outcomes
 * that follow a successful call (`contactDone`, `delivered`) are written without an fsync of
 * their own and synced together at the end of the turn (sync-barrier.ts): losing one to a power
 * cut only means the call is made again, which Gleantap's create-or-update absorbs. Those two
 * are also committed together, all of a turn's in one transaction (turn-writes.ts), and settle
 * after that commit.
 */
export function createDeliveryQueries(db: Database, barrier?: SyncBarrier): DeliveryQueries {
  const relaxed = <T>(write: () => T): T => (barrier === undefined ? write() : barrier.relaxed(write));
  const outcome = turnWrites(db, relaxed);
  const due = db.prepare<[number, number, number], DbRow>(`SELECT * FROM submissions
    WHERE state IN ('queued', 'sending') AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
    ORDER BY next_attempt_at LIMIT ?`);
  const take = db.prepare(`UPDATE submissions SET state = 'sending', lease_owner = @owner, lease_until = @leaseUntil, updated_at = @nowMs
    WHERE form_id = @formId AND id = @id`);
  const guard = 'WHERE form_id = @formId AND id = @id AND lease_owner = @owner';
  // The contact exists from here on, so a submission still waiting for its answer is `created`:
  // the answer is recorded with the outcome, in the same write (derivedAnswer in admit-queries
  // says the same of such a row). An answer already recorded (202 after the budget) stands.
  const answered = 'answer = COALESCE(answer, 201)';
  const contactDone = db.prepare(`UPDATE submissions SET contact_done_at = @nowMs, gleantap_id = @gleantapId, attempts = attempts + 1, ${answered},
    last_error = NULL, last_status = NULL, last_message = NULL, lease_until = @leaseUntil, updated_at = @nowMs ${guard}`);
  const delivered = db.prepare(`UPDATE submissions SET state = 'delivered', delivered_at = @nowMs, ${answered},
    contact_done_at = COALESCE(contact_done_at, @nowMs), gleantap_id = COALESCE(@gleantapId, gleantap_id),
    optin_state = COALESCE(@optinState, optin_state), attempts = attempts + @calls, last_error = @reason, last_status = @status,
    last_message = @message, lease_owner = NULL, lease_until = NULL, updated_at = @nowMs ${guard}`);
  const retryLater = db.prepare(`UPDATE submissions SET state = 'queued', next_attempt_at = @nextAttemptAt, attempts = attempts + 1,
    last_error = @reason, last_status = @status, last_message = @message, optin_state = COALESCE(@optinState, optin_state),
    lease_owner = NULL, lease_until = NULL, updated_at = @nowMs ${guard}`);
  const dead = db.prepare(`UPDATE submissions SET state = 'dead', dead_reason = @deadReason, dead_at = @nowMs, attempts = attempts + @calls,
    last_error = @reason, last_status = @status, last_message = @message, optin_state = COALESCE(@optinState, optin_state),
    lease_owner = NULL, lease_until = NULL, updated_at = @nowMs ${guard}`);
  const defer = db.prepare(`UPDATE submissions SET state = 'queued', next_attempt_at = @nextAttemptAt,
    lease_owner = NULL, lease_until = NULL, updated_at = @nowMs ${guard}`);
  const optinSending = db.prepare(`UPDATE submissions SET optin_state = 'sending', lease_until = @leaseUntil, updated_at = @nowMs
    ${guard} AND optin_state = 'pending'`);
  const release = db.prepare(`UPDATE submissions SET state = 'queued', next_attempt_at = MIN(next_attempt_at, @nowMs),
    lease_owner = NULL, lease_until = NULL, updated_at = @nowMs WHERE lease_owner = @owner AND state = 'sending'`);

  const setBodies = db.prepare(`UPDATE submissions SET contact = @contact, optin = @optin, optin_state = @optinState, draft = NULL,
    api_key_env = @apiKeyEnv, secret_key_env = @secretKeyEnv, updated_at = @nowMs ${guard}`);

  const claim = db.transaction((lease: Lease, leaseUntil: number, limit: number): LeasedRow[] => {
    const rows = due.all(lease.nowMs, lease.nowMs, limit);
    for (const row of rows) take.run({ owner: lease.owner, leaseUntil, nowMs: lease.nowMs, formId: row.form_id, id: row.id });
    return rows.map(toLeasedRow);
  });
  const at = (key: RowKey, lease: Lease) => ({ formId: key.formId, id: key.id, owner: lease.owner, nowMs: lease.nowMs });

  return {
    // IMMEDIATE: two processes on one DATA_DIR must never lease the same row.
    claim: async (lease, leaseUntil, limit) => claim.immediate(lease, leaseUntil, limit),
    contactDone: (key, lease, gleantapId, leaseUntil) => outcome(() => contactDone.run({ ...at(key, lease), gleantapId, leaseUntil }).changes === 1),
    delivered: (key, lease, change) =>
      outcome(
        () =>
          delivered.run({
            ...at(key, lease),
            gleantapId: change.gleantapId,
            optinState: change.optinState,
            calls: change.calls,
            reason: change.failure?.reason ?? null,
            status: change.failure?.status ?? null,
            message: change.failure?.message ?? null,
          }).changes === 1,
      ),
    retryLater: async (key, lease, nextAttemptAt, failure, optinState) =>
      retryLater.run({ ...at(key, lease), nextAttemptAt, reason: failure.reason, status: failure.status, message: failure.message ?? null, optinState }).changes === 1,
    dead: async (key, lease, deadReason, failure, calls, optinState) =>
      dead.run({ ...at(key, lease), deadReason, reason: failure.reason, status: failure.status, message: failure.message ?? null, calls, optinState }).changes === 1,
    setBodies: async (key, lease, contact, optin, account) =>
      setBodies.run({
        ...at(key, lease),
        apiKeyEnv: account.apiKeyEnv,
        secretKeyEnv: account.secretKeyEnv,
        contact: JSON.stringify(contact),
        optin: optin === undefined ? null : JSON.stringify(optin),
        optinState: optin === undefined ? null : 'pending',
      }).changes === 1,
    defer: async (key, lease, nextAttemptAt) => defer.run({ ...at(key, lease), nextAttemptAt }).changes === 1,
    optinSending: async (key, lease, leaseUntil) => optinSending.run({ ...at(key, lease), leaseUntil }).changes === 1,
    releaseOwned: async (lease) => release.run({ owner: lease.owner, nowMs: lease.nowMs }).changes,
  };
}
