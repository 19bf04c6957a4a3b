import type { RequestHandler } from 'express';
import type { SubmissionAccepted } from '@gleantap-capture/shared';
import type { Logger } from 'pino';
import type { Delivery } from '../delivery/delivery.ts';
import { HttpError } from '../http/http-error.ts';
import { buildContact } from '../submission/build-contact.ts';
import { parseSubmission } from '../submission/parse-submission.ts';

export interface SubmitOptions {
  readonly delivery: Delivery;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * `POST /v1/forms/:formId/submissions`, after the form, origin and rate-limit checks:
 * body shape → bot checks → fields → delivery. Answers 201/202 with the submission id.
 */
export function submit(options: SubmitOptions): RequestHandler {
  return async (req, res) => {
    const runtime = res.locals.form;
    const raw = res.locals.rawBody;
    if (!runtime || !raw) throw new HttpError('internal_error');
    const submission = parseSubmission(raw, req.get('idempotency-key'));
    res.locals.submissionId = submission.id;

    // A filled honeypot is a bot: answer exactly like an accepted lead, send nothing.
    if (submission.hp !== undefined && submission.hp !== '') {
      options.logger.info({ requestId: res.locals.requestId, form: runtime.form.id, submissionId: submission.id }, 'submission dropped (honeypot)');
      return answer(res, 202, { status: 'queued', id: submission.id });
    }

    const verdict = runtime.validator.validate(submission.fields, submission.consent);
    if (!verdict.ok) throw new HttpError('invalid_fields', { fields: verdict.fields });

    const contact = buildContact({
      form: runtime.form,
      values: verdict.values,
      consent: verdict.consent,
      context: submission.context,
      submissionId: submission.id,
      acceptedAt: options.now(),
    });
    const status = await options.delivery.accept({
      submissionId: submission.id,
      formId: runtime.form.id,
      contact,
      account: runtime.form.account,
    });
    return answer(res, status === 'created' ? 201 : 202, { status, id: submission.id });
  };
}

function answer(res: Parameters<RequestHandler>[1], status: number, body: SubmissionAccepted): void {
  res.status(status).json(body);
}
