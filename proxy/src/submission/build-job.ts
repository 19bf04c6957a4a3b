import type { FieldsVerdict } from '@gleantap-capture/shared';
import type { JunkReason } from '../bots/junk.ts';
import type { ResolvedForm } from '../config/config.ts';
import { buildBodies, describeBuildFailure } from './build-bodies.ts';
import { contactAccount } from './build-contact.ts';
import { submissionFingerprint } from './fingerprint.ts';
import type { DeliveryJob } from './job.ts';
import type { ParsedSubmission } from './parse-submission.ts';

/** What the job is made of: a submission that passed every check, and the verdict on its fields. */
export interface JobInput {
  readonly form: ResolvedForm;
  readonly submission: ParsedSubmission;
  /** Not ok only for a dropped (honeypot) submission: any other is refused before its job is built. */
  readonly verdict: FieldsVerdict;
  /** Bot-flagged (honeypot or junk): stored `dropped`, never sent. */
  readonly dropped: boolean;
  /** The junk check that flagged it (undefined: the honeypot, or not dropped). */
  readonly dropReason?: JunkReason | undefined;
  /** The verified form token's nonce, or `replay_only`. */
  readonly token: DeliveryJob['token'];
  /** When it was accepted; consent is stamped with it. */
  readonly now: Date;
}

/**
 * The one place a submission becomes its job, decided in full at acceptance: the newContact
 * body and optin body, the idempotency fingerprint, the account whose key variables deliver it.
 */
export function buildJob({ form, submission, verdict, dropped, dropReason, token, now }: JobInput): DeliveryJob {
  // A picked studio may have its own account: the stored key names must match the body's app_id.
  const base = { submissionId: submission.id, formId: form.id, account: verdict.ok ? contactAccount(form, verdict.values) : form.account, dropped, dropReason, token };
  if (!verdict.ok) {
    return { ...base, fingerprint: submissionFingerprint(submission.fields, submission.consent), contact: undefined, optin: undefined };
  }
  const fingerprint = submissionFingerprint(verdict.values, verdict.consent);
  const draft = { values: verdict.values, consent: verdict.consent, context: submission.context, acceptedAt: now.getTime() };
  // Defence in depth: once the fields are valid, no failure of ours may lose the lead. Config
  // checks should make this unreachable; if building the body throws anyway, the lead is stored
  // dead (`invalid_contact`) with its draft and answered 202 (see outbox/accept.ts).
  try {
    return { ...base, fingerprint, ...buildBodies(form, submission.id, draft) };
  } catch (error) {
    const invalid = { problem: describeBuildFailure(error), draft };
    return { ...base, fingerprint, contact: undefined, optin: undefined, ...(dropped ? {} : { invalid }) };
  }
}
