import type { FieldsVerdict, SubmissionAccepted } from '@gleantap-capture/shared';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { buildBodies, describeBuildFailure } from '../delivery/build-bodies.ts';
import type { AcceptOutcome, Delivery, DeliveryJob } from '../delivery/delivery.ts';
import { submissionFingerprint } from '../delivery/fingerprint.ts';
import type { FormRuntime } from '../forms/form-runtime.ts';
import { HttpError } from '../http/http-error.ts';
import { contactAccount } from '../submission/build-contact.ts';
import { type ParsedSubmission, parseSubmission } from '../submission/parse-submission.ts';

export interface SubmitOptions {
  readonly delivery: Delivery;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * `POST /v1/forms/:formId/submissions`, after the form, origin and rate-limit checks:
 * body shape (400) → bot checks → fields (400) → store and idempotency (409/422/503) →
 * 201 created or 202 queued, always with the submission id.
 */
export function submit(options: SubmitOptions): RequestHandler {
  return async (req, res) => {
    const runtime = res.locals.form;
    const raw = res.locals.rawBody;
    if (!runtime || !raw) throw new HttpError('internal_error');
    const submission = parseSubmission(raw, req.get('idempotency-key'));
    res.locals.submissionId = submission.id;

    // A filled honeypot is a bot: it is answered exactly like a lead and stored `dropped`, never
    // sent — whatever its fields, so a bot learns nothing from the answer.
    const dropped = submission.hp !== undefined && submission.hp !== '';
    const verdict = runtime.validator.validate(submission.fields, submission.consent);
    // Only a submission whose fields validated keeps its place in the form's cap (rate-limit.ts).
    if (verdict.ok) res.locals.fieldsValid = true;
    const job = buildJob(runtime, submission, verdict, dropped, options.now());
    if (dropped) options.logger.info({ requestId: res.locals.requestId, form: runtime.form.id, submissionId: submission.id }, 'submission dropped (honeypot)');
    answer(res, submission.id, await options.delivery.accept(job));
  };
}

function buildJob(runtime: FormRuntime, submission: ParsedSubmission, verdict: FieldsVerdict, dropped: boolean, now: Date): DeliveryJob {
  const { form } = runtime;
  // A picked studio may have its own account: the stored key names must match the body's app_id.
  const base = { submissionId: submission.id, formId: form.id, account: verdict.ok ? contactAccount(form, verdict.values) : form.account, dropped };
  if (!verdict.ok) {
    if (!dropped) throw new HttpError('invalid_fields', { fields: verdict.fields });
    return { ...base, fingerprint: submissionFingerprint(submission.fields, submission.consent), contact: undefined, optin: undefined };
  }
  const fingerprint = submissionFingerprint(verdict.values, verdict.consent);
  const draft = { values: verdict.values, consent: verdict.consent, context: submission.context, acceptedAt: now.getTime() };
  // Defence in depth: once the fields are valid, no failure of ours may lose the lead. Config
  // checks should make this unreachable; if building the body throws anyway, the lead is stored
  // dead (`invalid_contact`) with its draft and answered 202 (see accept.ts).
  try {
    return { ...base, fingerprint, ...buildBodies(form, submission.id, draft) };
  } catch (error) {
    const invalid = { problem: describeBuildFailure(error), draft };
    return { ...base, fingerprint, contact: undefined, optin: undefined, ...(dropped ? {} : { invalid }) };
  }
}

function answer(res: Parameters<RequestHandler>[1], id: string, outcome: AcceptOutcome): void {
  switch (outcome.kind) {
    case 'accepted': {
      const body: SubmissionAccepted = { status: outcome.status, id };
      res.status(outcome.status === 'created' ? 201 : 202).json(body);
      return;
    }
    case 'in_progress':
      throw new HttpError('idempotency_in_progress', { headers: { 'Retry-After': '1' } });
    case 'conflict':
      throw new HttpError('idempotency_conflict');
    case 'unavailable':
      throw new HttpError('unavailable');
  }
}
