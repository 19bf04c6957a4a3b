import type { Logger } from 'pino';
import type { NotifyAlert } from '../alerts/alert-event.ts';
import type { OutboxSettings } from '../config/config.ts';
import type { AdmitQueries, RecordedAnswer } from '../store/admit-queries.ts';
import { storeErrorCode } from '../store/store-error.ts';
import type { DeliveryJob } from '../submission/job.ts';
import type { ContactSettled, RunAttempt } from './attempt.ts';
import type { AcceptOutcome } from './delivery.ts';
import type { EmitOutboxEvent } from './outbox-events.ts';
import type { RetryGate } from './retry-gate.ts';

/** How long past the inline budget a replay still counts as "in progress" (answer being written). */
const ANSWER_MARGIN_MS = 2_000;

export interface AcceptorDeps {
  readonly queries: AdmitQueries;
  readonly runAttempt: RunAttempt;
  readonly settings: OutboxSettings;
  readonly leaseMs: number;
  readonly owner: string;
  readonly now: () => Date;
  readonly gate: RetryGate;
  readonly emit: EmitOutboxEvent;
  readonly logger: Logger;
  readonly alert: NotifyAlert;
  /** Keeps an attempt that outlives its request, so shutdown can wait for it. */
  readonly track: (done: Promise<void>) => void;
}

const accepted = (answer: RecordedAnswer): AcceptOutcome => ({ kind: 'accepted', status: answer === 201 ? 'created' : 'queued' });

const TOO_LATE: ContactSettled = { created: false, answerRecorded: false };

/** Resolves with `contact`'s value, or "not created" once `ms` have passed. */
function withinBudget(contact: Promise<ContactSettled>, ms: number): Promise<ContactSettled> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<ContactSettled>((resolve) => {
    timer = setTimeout(() => resolve(TOO_LATE), ms);
  });
  return Promise.race([contact, budget]).finally(() => clearTimeout(timer));
}

/**
 * Acceptance (docs/contract.md §2, §6): the full job is committed before anything else happens;
 * a new lead then gets one inline attempt holding its lease, and the visitor hears `201` if the
 * contact exists within the inline budget, else `202` while the call finishes in the background.
 * Replays get the recorded answer; a store that cannot write gets `unavailable` and no claim.
 */
export function createAcceptor(deps: AcceptorDeps): (job: DeliveryJob) => Promise<AcceptOutcome> {
  return async (job) => {
    // A new lead's answer, told to the listeners (the inline 201/202 share).
    const answered = (answer: RecordedAnswer): AcceptOutcome => {
      if (!job.dropped) deps.emit({ kind: 'answered', formId: job.formId, status: answer });
      return accepted(answer);
    };
    const key = { formId: job.formId, id: job.submissionId };
    const nowMs = deps.now().getTime();
    const pausedUntil = deps.gate.blockedUntil(nowMs);
    let decision;
    try {
      decision = await deps.queries.admit({
        key,
        fingerprint: job.fingerprint,
        contact: job.contact,
        optin: job.optin,
        apiKeyEnv: job.account.apiKeyEnv,
        secretKeyEnv: job.account.secretKeyEnv,
        token: job.token,
        dropReason: job.dropReason,
        start: job.dropped ? 'drop' : job.invalid !== undefined ? 'invalid' : pausedUntil !== undefined ? 'queue' : 'attempt',
        invalid: job.invalid,
        nowMs,
        owner: deps.owner,
        leaseUntil: nowMs + deps.leaseMs,
        answerDueUntil: nowMs + deps.settings.inlineBudgetMs + ANSWER_MARGIN_MS,
        nextAttemptAt: pausedUntil ?? nowMs,
      });
    } catch (error) {
      deps.logger.error({ form: key.formId, submissionId: key.id, code: storeErrorCode(error) }, 'submission not stored: answered 503, nothing accepted');
      return { kind: 'unavailable' };
    }
    if (decision.kind === 'replay') deps.emit({ kind: 'replayed', formId: key.formId });
    if (decision.kind !== 'inserted') return decision.kind === 'replay' ? accepted(decision.answer) : { kind: decision.kind };

    deps.emit({ kind: job.dropped ? 'dropped' : 'accepted', formId: key.formId });
    if (job.invalid !== undefined && !job.dropped) {
      deps.emit({ kind: 'dead', formId: key.formId, submissionId: key.id, deadReason: 'invalid_contact', lastError: 'invalid_contact', upstreamStatus: null, upstreamMessage: job.invalid.problem });
      // The owner's config cannot produce a valid body for valid fields: nothing is sent, the
      // lead waits for a fix. The problem names fields and rules, never the visitor's values.
      deps.logger.error(
        { form: key.formId, submissionId: key.id, deadReason: 'invalid_contact', problem: job.invalid.problem },
        'lead stored dead (invalid_contact): its newContact body could not be built; fix the form config, then `outbox retry` it',
      );
      deps.alert({ kind: 'dead_letter', form: key.formId, id: key.id, reason: 'invalid_contact', error: 'invalid_contact', gleantapMessage: null });
    }
    if (decision.answer !== null) return answered(decision.answer);

    const attempt = deps.runAttempt(decision.row);
    deps.track(attempt.done);
    const contact = await withinBudget(attempt.contact, deps.settings.inlineBudgetMs);
    // The usual inline case: the outcome's write recorded `201` already, one commit fewer. The
    // budget's timer and that write (at the end of the turn Gleantap's answer arrived in, see
    // turn-writes.ts) never run in the same callback, and each settles this race before the
    // other can run: whichever came first decided, and the answer column keeps the first answer
    // written (`answer IS NULL` / COALESCE).
    // That write skipped its own fsync (sync-barrier.ts): the answer waits for the turn's sync.
    if (contact.created && contact.answerRecorded) {
      try {
        await deps.queries.outcomesSynced();
      } catch (error) {
        // The lead itself is synced, so the 2xx stands; only the recorded outcome may not be.
        deps.logger.error({ form: key.formId, submissionId: key.id, code: storeErrorCode(error) }, 'delivery outcome not synced');
      }
      return answered(201);
    }
    const proposed: RecordedAnswer = contact.created ? 201 : 202;
    try {
      return answered(await deps.queries.recordAnswer(key, proposed, deps.now().getTime()));
    } catch (error) {
      // The lead itself is stored, so the 2xx stands; a replay will answer from the row's state.
      deps.logger.error({ form: key.formId, submissionId: key.id, code: storeErrorCode(error) }, 'answer not recorded');
      return answered(proposed);
    }
  };
}
