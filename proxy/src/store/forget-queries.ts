import type { OptinBody } from '@gleantap-capture/shared';
import type { Database } from 'better-sqlite3';
import type { ContactDraft } from '../submission/job.ts';
import type { ExportRow } from './admin-queries.ts';
import { matchesPerson, type PersonQuery } from './person-match.ts';
import { type DbRow, type RowKey, type SubmissionState, toSummary } from './rows.ts';

/** A row `outbox forget` changed: its state before, and after (`dropped` when it was withdrawn). */
export interface ForgottenRow extends RowKey {
  readonly was: SubmissionState;
  readonly state: SubmissionState;
}

/** Everything stored about one person, row by row (a subject access request). */
export interface PersonRow extends ExportRow {
  readonly optinBody: OptinBody | null;
}

/** How the checkpoint after a forget went: `busy` when a reader kept the WAL from being emptied. */
export type CheckpointResult = { readonly ok: true } | { readonly ok: false; readonly busy: true };

/** The statements behind `outbox forget` and `outbox export --email|--phone`; safe beside `serve`. */
export interface ForgetQueries {
  /**
   * Erases the person's data from every matching row in one IMMEDIATE transaction. A lead not yet
   * delivered (`queued`, `sending`, `dead`) is withdrawn: `dropped`/`erased`, its lease taken away.
   */
  forget(person: PersonQuery, nowMs: number): Promise<ForgottenRow[]>;
  personRows(person: PersonQuery): Promise<PersonRow[]>;
  /**
   * Copies the WAL into the database and truncates it, so no old page image is left in `-wal`
   * (SQLite). PostgreSQL has no such step: its old row versions stay until VACUUM (docs/security.md).
   */
  checkpoint(): Promise<CheckpointResult>;
}

/** Rows that still hold a body to match on; an erased row has nothing left to find. */
const WITH_BODIES = 'SELECT * FROM submissions WHERE contact IS NOT NULL OR optin IS NOT NULL OR draft IS NOT NULL ORDER BY accepted_at, form_id, id';
const WITHDRAWN: ReadonlySet<SubmissionState> = new Set(['queued', 'sending', 'dead']);

/** Prepares the forget statements on an admin connection, and turns on secure_delete for it. */
export function createForgetQueries(db: Database): ForgetQueries {
  // Freed cells and pages are overwritten with zeros, not left in the file's free space. openStore
  // turns this on already; erasure must not depend on how the connection was opened.
  db.pragma('secure_delete = ON');
  const candidates = db.prepare<[], DbRow>(WITH_BODIES);
  // Every column that can hold what the visitor typed, or what Gleantap said about it, goes;
  // ids, outcomes and times stay. Clearing the lease makes an in-flight attempt's outcome
  // (written only `WHERE lease_owner = @owner`) change nothing, so it cannot bring the row back.
  const erase = db.prepare(`UPDATE submissions SET contact = NULL, optin = NULL, draft = NULL, last_message = NULL, fingerprint = NULL,
    state = CASE WHEN state IN ('queued', 'sending', 'dead') THEN 'dropped' ELSE state END,
    drop_reason = CASE WHEN state IN ('queued', 'sending', 'dead') THEN 'erased' ELSE drop_reason END,
    lease_owner = NULL, lease_until = NULL, erased_at = @nowMs, updated_at = @nowMs
    WHERE form_id = @formId AND id = @id`);
  const forget = db.transaction((person: PersonQuery, nowMs: number): ForgottenRow[] =>
    candidates
      .all()
      .filter((row) => matchesPerson(row, person))
      .map((row) => {
        erase.run({ formId: row.form_id, id: row.id, nowMs });
        return { formId: row.form_id, id: row.id, was: row.state, state: WITHDRAWN.has(row.state) ? 'dropped' : row.state };
      }),
  );
  return {
    forget: async (person, nowMs) => forget.immediate(person, nowMs),
    personRows: async (person) =>
      candidates
        .all()
        .filter((row) => matchesPerson(row, person))
        .map(toPersonRow),
    async checkpoint() {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      return result === undefined || result.busy === 0 ? { ok: true } : { ok: false, busy: true };
    },
  };
}

/** A matched row with every stored body parsed; shared with the PostgreSQL store. */
export function toPersonRow(row: DbRow): PersonRow {
  return {
    ...toSummary(row),
    contact: row.contact === null ? null : (JSON.parse(row.contact) as ExportRow['contact']),
    fields: row.draft === null ? null : (JSON.parse(row.draft) as ContactDraft).values,
    optinBody: row.optin === null ? null : (JSON.parse(row.optin) as OptinBody),
  };
}
