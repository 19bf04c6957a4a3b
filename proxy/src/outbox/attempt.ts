import type { Logger } from 'pino';
import type { NotifyAlert } from '../alerts/alert-event.ts';
import type { OutboxSettings, ResolvedForm } from '../config/config.ts';
import type { GleantapClient, GleantapKeys } from '../gleantap/client.ts';
import type { DeliveryOutcome } from '../gleantap/delivery-outcome.ts';
import type { DeliveryQueries, FailureRecord, Lease } from '../store/delivery-queries.ts';
import type { DeadReason, LeasedRow, OptinState } from '../store/rows.ts';
import { storeErrorCode } from '../store/store-error.ts';
import { buildBodies, describeBuildFailure } from '../submission/build-bodies.ts';
import { contactAccount } from '../submission/build-contact.ts';
import type { ContactDraft } from '../submission/job.ts';
import { retryDelayMs } from './backoff.ts';
import type { OutboxCounters } from './counters.ts';
import { logDeadLetter } from './dead-letter-log.ts';
import { optinMayRetry } from './optin-policy.ts';
import type { RetryGate } from './retry-gate.ts';

/** What one attempt works with; `owner` is the lease holder this process writes as. */
export interface AttemptDeps {
  readonly queries: DeliveryQueries;
  readonly client: GleantapClient;
  readonly secrets: ReadonlyMap<string, string>;
  readonly settings: OutboxSettings;
  readonly leaseMs: number;
  readonly owner: string;
  readonly now: () => Date;
  readonly random: () => number;
  readonly gate: RetryGate;
  readonly counters: OutboxCounters;
  readonly logger: Logger;
  readonly alert: NotifyAlert;
  /**
   * The running config's forms, read at each use: an `invalid_contact` lead retried by the owner
   * is built with them, including a fix loaded by a reload (SIGHUP).
   */
  readonly forms: () => ReadonlyMap<string, ResolvedForm>;
}

/** Where the contact stands once this attempt knows. */
export interface ContactSettled {
  /** The contact exists in Gleantap. */
  readonly created: boolean;
  /** The write that recorded the outcome also recorded the answer `201` (see delivery-queries.ts). */
  readonly answerRecorded: boolean;
}

/** One attempt at a leased row. */
export interface Attempt {
  /** Settles once the contact exists in Gleantap, or as soon as this attempt cannot get it there. */
  readonly contact: Promise<ContactSettled>;
  /** Settles when the attempt has recorded its outcome; never rejects. */
  readonly done: Promise<void>;
}

export type RunAttempt = (row: LeasedRow) => Attempt;

type Failed = Extract<DeliveryOutcome, { ok: false }>;

/**
 * Delivers a row the caller holds the lease of: newContact, then (where the form asks for it)
 * the optin step. Every outcome is written before the attempt ends; a write that fails leaves
 * the lease to expire, after which the row is tried again — never lost, at worst re-sent, which
 * Gleantap's create-or-update absorbs. The optin call alone is never re-sent (see optinStep).
 */
export function createAttemptRunner(deps: AttemptDeps): RunAttempt {
  const { queries, logger } = deps;
  const lease = (): Lease => ({ owner: deps.owner, nowMs: deps.now().getTime() });
  const failure = (outcome: Failed): FailureRecord => ({ reason: outcome.reason, status: outcome.status ?? null, message: outcome.message ?? null });

  function deadLetter(row: LeasedRow, reason: DeadReason, record: FailureRecord, calls: 0 | 1, optinState: OptinState | null = null): void {
    if (!queries.dead(row, lease(), reason, record, calls, optinState)) return;
    deps.counters.dead += 1;
    logDeadLetter(logger, row, reason, record, row.attempts + calls);
    deps.alert({ kind: 'dead_letter', form: row.formId, id: row.id, reason, error: record.reason, gleantapMessage: record.message ?? null, lead: row.contact });
  }

  function delivered(row: LeasedRow, change: Parameters<DeliveryQueries['delivered']>[2]): boolean {
    if (!queries.delivered(row, lease(), change)) return false;
    deps.counters.delivered += 1;
    // The outage's warn lines get their ending: the lead made it after all.
    if (row.attempts > 0) {
      logger.info({ form: row.formId, submissionId: row.id, attempts: row.attempts + change.calls }, 'lead delivered after retries');
    }
    return true;
  }

  /** Caps a Retry-After at backoff.capMs (gate and row alike) and logs a pause once, when it starts. */
  function retryAfter(outcome: Failed, nowMs: number): number | undefined {
    if (outcome.retryAfterMs === undefined) return undefined;
    const { appliedMs, started } = deps.gate.pause(nowMs, outcome.retryAfterMs);
    if (started) {
      logger.warn(
        { reason: outcome.reason, upstreamStatus: outcome.status ?? null, requestedMs: outcome.retryAfterMs, appliedMs, resumesAt: new Date(nowMs + appliedMs).toISOString() },
        appliedMs < outcome.retryAfterMs
          ? 'Gleantap asked every call to wait (Retry-After): pause capped at outbox.backoff.capMs'
          : 'Gleantap asked every call to wait (Retry-After): deliveries paused',
      );
    }
    return appliedMs;
  }

  /** A failed call: schedule the next try (backoff, Retry-After, dead-letter age) or give up. */
  function failed(row: LeasedRow, outcome: Failed, optinState: OptinState | null): void {
    if (outcome.reason === 'unauthorized') deps.alert({ kind: 'keys_refused', form: row.formId });
    if (!outcome.retryable) return deadLetter(row, 'rejected', failure(outcome), 1);
    const { nowMs } = lease();
    const waitMs = retryAfter(outcome, nowMs);
    // An optin Gleantap did not act on goes back to `pending`, so a retried dead letter may send it.
    if (nowMs - row.queuedSince >= deps.settings.deadAfterMs) return deadLetter(row, 'expired', failure(outcome), 1, optinState);
    const delay = retryDelayMs(row.attempts + 1, deps.settings.backoff, deps.random, waitMs);
    if (!queries.retryLater(row, lease(), nowMs + delay, failure(outcome), optinState)) return;
    deps.counters.retried += 1;
    logger.warn(
      {
        form: row.formId,
        submissionId: row.id,
        attempt: row.attempts + 1,
        outcome: 'retryable',
        reason: outcome.reason,
        upstreamStatus: outcome.status ?? null,
        nextAttemptAt: new Date(nowMs + delay).toISOString(),
      },
      'delivery attempt failed: will retry',
    );
  }

  /**
   * An `invalid_contact` lead the owner retried: its body is built now from the kept fields with
   * this run's config. Still failing → dead again, the problem named; else stored, then sent.
   */
  function rebuilt(row: LeasedRow, draft: ContactDraft): LeasedRow | undefined {
    const form = deps.forms().get(row.formId);
    let problem: string;
    if (form === undefined) problem = `form "${row.formId}" is not in the running config`;
    else {
      try {
        const { contact, optin } = buildBodies(form, row.id, draft);
        // The account may have been part of the fix: its key variables come from this config too.
        const chosen = contactAccount(form, draft.values);
        const account = { apiKeyEnv: chosen.apiKeyEnv, secretKeyEnv: chosen.secretKeyEnv };
        if (!queries.setBodies(row, lease(), contact, optin, account)) return undefined;
        return { ...row, ...account, contact, optin: optin ?? null, optinState: optin === undefined ? null : 'pending', draft: null };
      } catch (error) {
        problem = describeBuildFailure(error);
      }
    }
    logger.error({ form: row.formId, submissionId: row.id, problem }, 'retried lead still cannot be built: dead (invalid_contact) again');
    deadLetter(row, 'invalid_contact', { reason: 'invalid_contact', status: null, message: problem }, 0);
    return undefined;
  }

  /** While a Retry-After holds, the row goes back untouched: no call, no attempt counted. */
  function deferredByGate(row: LeasedRow): boolean {
    const { nowMs } = lease();
    const until = deps.gate.blockedUntil(nowMs);
    if (until === undefined) return false;
    queries.defer(row, lease(), until);
    return true;
  }

  async function optinStep(row: LeasedRow, keys: GleantapKeys): Promise<void> {
    if (row.optin === null || row.optinState === null || row.optinState === 'sent' || row.optinState === 'unknown' || row.optinState === 'rejected') {
      delivered(row, { gleantapId: null, optinState: null, calls: 0, failure: null });
      return;
    }
    if (row.optinState === 'sending') {
      // A previous attempt recorded the call and never learned its outcome (crash, lost lease):
      // the SMS may have gone out, so it is not sent again.
      logger.warn({ form: row.formId, submissionId: row.id }, 'optin outcome unknown after an interrupted attempt: not repeated');
      delivered(row, { gleantapId: null, optinState: 'unknown', calls: 0, failure: { reason: 'interrupted', status: null } });
      return;
    }
    if (deferredByGate(row)) return;
    // Committed before the call: whatever happens next, this row never makes the call again.
    if (!queries.optinSending(row, lease(), lease().nowMs + deps.leaseMs)) return;
    const outcome = await deps.client.optin(row.optin, keys);
    if (outcome.ok) {
      delivered(row, { gleantapId: null, optinState: 'sent', calls: 1, failure: null });
      return;
    }
    if (outcome.retryable && optinMayRetry(outcome.reason)) return failed(row, outcome, 'pending');
    const state = outcome.retryable ? 'unknown' : 'rejected';
    logger.warn({ form: row.formId, submissionId: row.id, optin: state, lastError: outcome.reason, upstreamStatus: outcome.status ?? null }, 'optin not confirmed: not repeated');
    delivered(row, { gleantapId: null, optinState: state, calls: 1, failure: failure(outcome) });
  }

  async function run(row: LeasedRow, contactSettled: (settled: ContactSettled) => void): Promise<void> {
    if (row.contact === null && row.draft !== null) {
      const built = rebuilt(row, row.draft);
      return built === undefined ? undefined : run(built, contactSettled);
    }
    const apiKey = deps.secrets.get(row.apiKeyEnv);
    const secretKey = deps.secrets.get(row.secretKeyEnv);
    if (apiKey === undefined || secretKey === undefined) {
      // The variables named at acceptance are gone from this run's environment: an owner fix.
      return deadLetter(row, 'rejected', { reason: 'keys_missing', status: null }, 0);
    }
    if (row.contact === null) return deadLetter(row, 'rejected', { reason: 'no_contact', status: null }, 0);
    const keys = { apiKey, secretKey };
    if (!row.contactDone) {
      if (deferredByGate(row)) return;
      const outcome = await deps.client.newContact(row.contact, keys);
      if (!outcome.ok) {
        failed(row, outcome, null);
        return;
      }
      const needsOptin = row.optin !== null && row.optinState === 'pending';
      if (!needsOptin) {
        const recorded = delivered(row, { gleantapId: outcome.contactId ?? null, optinState: null, calls: 1, failure: null });
        contactSettled({ created: true, answerRecorded: recorded });
        return;
      }
      if (!queries.contactDone(row, lease(), outcome.contactId ?? null, lease().nowMs + deps.leaseMs)) return;
      contactSettled({ created: true, answerRecorded: true });
      return optinStep({ ...row, contactDone: true }, keys);
    }
    contactSettled({ created: true, answerRecorded: false });
    return optinStep(row, keys);
  }

  return (row) => {
    let settle: (settled: ContactSettled) => void = () => undefined;
    const contact = new Promise<ContactSettled>((resolve) => {
      settle = resolve;
    });
    const done = run(row, settle)
      .catch((error: unknown) => {
        logger.error({ form: row.formId, submissionId: row.id, code: storeErrorCode(error) }, 'delivery outcome not recorded: the lease will expire and the lead be tried again');
      })
      .finally(() => settle({ created: false, answerRecorded: false }));
    return { contact, done };
  };
}
