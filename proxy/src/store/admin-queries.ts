import type { FieldValue, NewContactBody } from '@gleantap-capture/shared';
import type { Database } from 'better-sqlite3';
import type { ContactDraft } from '../submission/job.ts';
import { type DbRow, type RowKey, type RowSummary, type SubmissionState, toSummary } from './rows.ts';

/** A row as `outbox export` writes it: the summary plus the stored newContact body. */
export interface ExportRow extends RowSummary {
  readonly contact: NewContactBody | null;
  /** The validated fields of an `invalid_contact` lead (it has no body yet). */
  readonly fields: Readonly<Record<string, FieldValue>> | null;
}

/**
 * What `outbox retry` did: rows put back in the queue (`requeued`, from dead or dropped) or
 * made due now (`due_now`, a queued row waiting out a backoff or Retry-After), and rows it had
 * to leave alone.
 */
export interface RetryResult {
  readonly retried: ReadonlyArray<RowKey & { readonly how: 'requeued' | 'due_now' }>;
  readonly skipped: ReadonlyArray<RowKey & { readonly state: SubmissionState; readonly why: 'not_dead' | 'erased' }>;
}

/** The owner's statements behind the `outbox` commands; safe beside a running `serve`. */
export interface AdminQueries {
  list(state: SubmissionState | undefined): Promise<RowSummary[]>;
  /**
   * `id`: that submission (dead, dropped by the bot check, or queued: then due now);
   * `all-dead`: every dead one.
   */
  retry(target: { readonly id: string } | 'all-dead', nowMs: number): Promise<RetryResult>;
  /** Deletes delivered and dead rows that reached that state before `cutoff`; never a waiting one. */
  purge(cutoff: number): Promise<number>;
  exportRows(state: SubmissionState): Promise<ExportRow[]>;
}

/** Prepares the admin statements on a store's connection. */
export function createAdminQueries(db: Database): AdminQueries {
  const all = db.prepare<[], DbRow>('SELECT * FROM submissions ORDER BY accepted_at, form_id, id');
  const inState = db.prepare<[string], DbRow>('SELECT * FROM submissions WHERE state = ? ORDER BY accepted_at, form_id, id');
  const byId = db.prepare<[string], DbRow>('SELECT * FROM submissions WHERE id = ? ORDER BY form_id');
  // A retried lead starts a fresh life: its dead-letter age counts again from now.
  const requeue = db.prepare(`UPDATE submissions SET state = 'queued', dead_reason = NULL, drop_reason = NULL, dead_at = NULL, attempts = 0,
    next_attempt_at = @nowMs, queued_since = @nowMs, lease_owner = NULL, lease_until = NULL, updated_at = @nowMs
    WHERE form_id = @formId AND id = @id AND state IN ('dead', 'dropped') AND (contact IS NOT NULL OR draft IS NOT NULL)`);
  // A queued lead keeps its history and dead-letter age; only its wait ends. A running serve's
  // in-memory Retry-After pause still applies, and is capped at outbox.backoff.capMs.
  const dueNow = db.prepare(`UPDATE submissions SET next_attempt_at = @nowMs, updated_at = @nowMs
    WHERE form_id = @formId AND id = @id AND state = 'queued' AND (lease_until IS NULL OR lease_until <= @nowMs)`);
  const purge = db.prepare(`DELETE FROM submissions
    WHERE (state = 'delivered' AND delivered_at <= ?) OR (state = 'dead' AND dead_at <= ?)`);

  const retry = db.transaction((target: { readonly id: string } | 'all-dead', nowMs: number): RetryResult => {
    const candidates = target === 'all-dead' ? inState.all('dead') : byId.all(target.id);
    const retried: Array<RowKey & { how: 'requeued' | 'due_now' }> = [];
    const skipped: Array<RowKey & { state: SubmissionState; why: 'not_dead' | 'erased' }> = [];
    for (const row of candidates) {
      const key = { formId: row.form_id, id: row.id };
      if (row.state === 'queued' && target !== 'all-dead') {
        if (dueNow.run({ ...key, nowMs }).changes === 1) retried.push({ ...key, how: 'due_now' });
        else skipped.push({ ...key, state: 'sending', why: 'not_dead' });
      } else if (row.state !== 'dead' && row.state !== 'dropped') skipped.push({ ...key, state: row.state, why: 'not_dead' });
      else if (row.contact === null && row.draft === null) skipped.push({ ...key, state: row.state, why: 'erased' });
      else if (requeue.run({ ...key, nowMs }).changes === 1) retried.push({ ...key, how: 'requeued' });
    }
    return { retried, skipped };
  });

  return {
    list: async (state) => (state === undefined ? all.all() : inState.all(state)).map(toSummary),
    retry: async (target, nowMs) => retry.immediate(target, nowMs),
    purge: async (cutoff) => purge.run(cutoff, cutoff).changes,
    exportRows: async (state) =>
      inState.all(state).map((row) => ({
        ...toSummary(row),
        contact: row.contact === null ? null : (JSON.parse(row.contact) as NewContactBody),
        fields: row.draft === null ? null : (JSON.parse(row.draft) as ContactDraft).values,
      })),
  };
}
