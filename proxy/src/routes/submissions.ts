import { ACCEPTED_STATUS, type SubmissionAccepted } from '@gleantap-capture/shared';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../http/http-error.ts';
import type { AcceptOutcome, Delivery } from '../outbox/delivery.ts';
import { buildJob } from '../submission/build-job.ts';
import { parseSubmission } from '../submission/parse-submission.ts';

export interface SubmitOptions {
  readonly delivery: Delivery;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * `POST /v1/forms/:formId/submissions`, after the form, origin and rate-limit checks; it only
 * wires: body shape (400) → bot checks → fields (400) → the job (submission/) → the outbox's
 * acceptance (409/422/503) → 201 created or 202 queued, always with the submission id.
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
    else if (!dropped) throw new HttpError('invalid_fields', { fields: verdict.fields });
    const job = buildJob({ form: runtime.form, submission, verdict, dropped, now: options.now() });
    if (dropped) options.logger.info({ requestId: res.locals.requestId, form: runtime.form.id, submissionId: submission.id }, 'submission dropped (honeypot)');
    answer(res, submission.id, await options.delivery.accept(job));
  };
}

function answer(res: Response, id: string, outcome: AcceptOutcome): void {
  switch (outcome.kind) {
    case 'accepted': {
      const body: SubmissionAccepted = { status: outcome.status, id };
      res.status(ACCEPTED_STATUS[outcome.status]).json(body);
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
