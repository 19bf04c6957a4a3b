import type { NewContactBody, OptinBody } from '@gleantap-capture/shared';
import type { ContactDraft } from '../submission/job.ts';

/** Delivery states of docs/contract.md §6. */
export const SUBMISSION_STATES = ['queued', 'sending', 'delivered', 'dead', 'dropped'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
/** `invalid_contact`: valid fields whose newContact body could not be built (kept in `draft`). */
export type DeadReason = 'rejected' | 'expired' | 'invalid_contact';
/**
 * Why a row is `dropped`; null is the honeypot's. `erased`: withdrawn by `outbox forget`; the
 * others are the junk checks' (bots/junk.ts).
 */
export type DropReason = 'erased' | 'disposable_email' | 'links_in_name' | 'same_value_everywhere';
/** The double-opt-in step: `sending` is written before the call, so a crash can never repeat it. */
export type OptinState = 'pending' | 'sending' | 'sent' | 'unknown' | 'rejected';

/** A submission is keyed by its form and its id (the idempotency key). */
export interface RowKey {
  readonly formId: string;
  readonly id: string;
}

/** What one delivery attempt needs from a row it holds the lease of. */
export interface LeasedRow extends RowKey {
  /** null once retention erased it, or for a dropped submission whose fields were invalid. */
  readonly contact: NewContactBody | null;
  readonly optin: OptinBody | null;
  /** The validated fields of an `invalid_contact` lead, from which a retry builds the body anew. */
  readonly draft: ContactDraft | null;
  readonly optinState: OptinState | null;
  readonly contactDone: boolean;
  readonly apiKeyEnv: string;
  readonly secretKeyEnv: string;
  readonly attempts: number;
  readonly queuedSince: number;
}

/** A row as `outbox list` shows it: outcomes and times, no personal data. */
export interface RowSummary extends RowKey {
  readonly state: SubmissionState;
  readonly deadReason: DeadReason | null;
  readonly dropReason: DropReason | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastStatus: number | null;
  /** Gleantap's message with the last failure (or, for `invalid_contact`, what was wrong). */
  readonly lastMessage: string | null;
  /** Gleantap's `_id` of the contact, once it answered with one. */
  readonly gleantapId: string | null;
  readonly optin: OptinState | null;
  readonly acceptedAt: number;
  readonly nextAttemptAt: number | null;
  readonly deliveredAt: number | null;
  readonly deadAt: number | null;
  readonly erasedAt: number | null;
}

/** The columns as SQLite returns them. */
export interface DbRow {
  form_id: string;
  id: string;
  state: SubmissionState;
  dead_reason: DeadReason | null;
  drop_reason: DropReason | null;
  fingerprint: string | null;
  answer: 201 | 202 | null;
  answer_due_until: number;
  contact: string | null;
  optin: string | null;
  optin_state: OptinState | null;
  api_key_env: string;
  secret_key_env: string;
  accepted_at: number;
  queued_since: number;
  next_attempt_at: number;
  attempts: number;
  last_error: string | null;
  last_status: number | null;
  last_message: string | null;
  gleantap_id: string | null;
  draft: string | null;
  contact_done_at: number | null;
  delivered_at: number | null;
  dead_at: number | null;
  erased_at: number | null;
}

/** The row an attempt works from; the JSON was written by this code at acceptance. */
export function toLeasedRow(row: DbRow): LeasedRow {
  return {
    formId: row.form_id,
    id: row.id,
    contact: row.contact === null ? null : (JSON.parse(row.contact) as NewContactBody),
    optin: row.optin === null ? null : (JSON.parse(row.optin) as OptinBody),
    draft: row.draft === null ? null : (JSON.parse(row.draft) as ContactDraft),
    optinState: row.optin_state,
    contactDone: row.contact_done_at !== null,
    apiKeyEnv: row.api_key_env,
    secretKeyEnv: row.secret_key_env,
    attempts: row.attempts,
    queuedSince: row.queued_since,
  };
}

/** The summary `outbox list` prints. */
export function toSummary(row: DbRow): RowSummary {
  const waiting = row.state === 'queued' || row.state === 'sending';
  return {
    formId: row.form_id,
    id: row.id,
    state: row.state,
    deadReason: row.dead_reason,
    dropReason: row.drop_reason,
    attempts: row.attempts,
    lastError: row.last_error,
    lastStatus: row.last_status,
    lastMessage: row.last_message,
    gleantapId: row.gleantap_id,
    optin: row.optin_state,
    acceptedAt: row.accepted_at,
    nextAttemptAt: waiting ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
    deadAt: row.dead_at,
    erasedAt: row.erased_at,
  };
}
