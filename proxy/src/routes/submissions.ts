import { ACCEPTED_STATUS, type FieldsVerdict, type SubmissionAccepted } from '@gleantap-capture/shared';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { BotDeps } from '../bots/bot-deps.ts';
import type { FormRuntime } from '../forms/form-runtime.ts';
import { judgePhone } from '../forms/phone-normaliser.ts';
import { HttpError } from '../http/http-error.ts';
import type { AcceptOutcome, Delivery } from '../outbox/delivery.ts';
import { buildJob } from '../submission/build-job.ts';
import type { DeliveryJob } from '../submission/job.ts';
import { type ParsedSubmission, parseSubmission } from '../submission/parse-submission.ts';

export interface SubmitOptions {
  readonly delivery: Delivery;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly bots: BotDeps;
  /** Key values by variable name: the CAPTCHA secrets are looked up here. */
  readonly secrets: ReadonlyMap<string, string>;
}

/**
 * `POST /v1/forms/:formId/submissions`, after the form, origin and rate-limit checks; it only
 * wires: body shape (400) → form token (403) → fields, phone policy included (400) → CAPTCHA
 * (403, once, only for an id not stored yet) → junk checks (stored `dropped`) → the job
 * (submission/) → the outbox's acceptance, which spends the token's nonce (403/409/422/503) →
 * 201 created or 202 queued, always with the submission id.
 */
export function submit(options: SubmitOptions): RequestHandler {
  return async (req, res) => {
    const runtime = res.locals.form;
    const raw = res.locals.rawBody;
    if (!runtime || !raw) throw new HttpError('internal_error');
    const { form } = runtime;
    const submission = parseSubmission(raw, req.get('idempotency-key'));
    res.locals.submissionId = submission.id;
    const log = { requestId: res.locals.requestId, form: form.id, submissionId: submission.id };

    const tokenVerdict = options.bots.tokens.verifyToken(submission.token, form.id, options.now().getTime(), { minAgeMs: form.minTokenAgeMs, maxAgeMs: form.maxTokenAgeMs });
    // A token this server signed for this form that is past (or not yet at) its age may still
    // come with a replay of an id it already answered: that replay gets its first answer.
    const replayOnly = !tokenVerdict.ok && (tokenVerdict.reason === 'expired' || tokenVerdict.reason === 'too_young');
    if (!tokenVerdict.ok && !replayOnly) refuseToken(options.logger, log, tokenVerdict.reason);
    const token: DeliveryJob['token'] = tokenVerdict.ok ? { nonce: tokenVerdict.nonce, issuedAt: tokenVerdict.issuedAt } : 'replay_only';

    // A filled honeypot is a bot: it is answered exactly like a lead and stored `dropped`, never
    // sent — whatever its fields, so a bot learns nothing from the answer.
    const honeypot = submission.hp !== undefined && submission.hp !== '';
    const verdict = runtime.validator.validate(submission.fields, submission.consent);
    // Only a submission whose fields validated keeps its place in the form's cap (rate-limit.ts).
    if (verdict.ok) res.locals.fieldsValid = true;
    else if (!honeypot) {
      logPhoneRefusals(options.logger, log, runtime, submission, verdict);
      throw new HttpError('invalid_fields', { fields: verdict.fields });
    }

    // A stored id is a replay: answered from its row, never sent to the provider again (a
    // response is single-use, so the provider would call it a duplicate).
    const known = replayOnly || form.bots.captcha !== undefined ? await options.delivery.known({ formId: form.id, id: submission.id }) : false;
    if (replayOnly && !known) refuseToken(options.logger, log, tokenVerdict.ok ? 'expired' : tokenVerdict.reason);
    if (!known) await checkCaptcha(options, runtime, submission, res.locals.clientIp, log);

    const junk = verdict.ok && !honeypot ? options.bots.junk(verdict.values, { fields: form.fields, junk: form.bots.junk }) : null;
    const dropped = honeypot || junk !== null;
    const job = buildJob({ form, submission, verdict, dropped, dropReason: junk ?? undefined, token, now: options.now() });
    if (honeypot) options.logger.info(log, 'submission dropped (honeypot)');
    else if (junk !== null) options.logger.info({ ...log, reason: junk }, 'submission dropped (junk)');
    answer(res, submission.id, await options.delivery.accept(job), () => refuseToken(options.logger, log, token === 'replay_only' ? 'expired' : 'spent'));
  };
}

type LogContext = Readonly<Record<string, unknown>>;

function refuseToken(logger: Logger, log: LogContext, reason: string): never {
  logger.info({ ...log, reason }, 'submission refused: form token');
  throw new HttpError('invalid_token');
}

/** Why a phone number was refused (SMS pumping, see bots/phone-policy.ts), for the log; never the number. */
function logPhoneRefusals(logger: Logger, log: LogContext, runtime: FormRuntime, submission: ParsedSubmission, verdict: Extract<FieldsVerdict, { ok: false }>): void {
  for (const field of runtime.form.fields) {
    const value = submission.fields[field.name];
    if (field.type !== 'tel' || verdict.fields[field.name] !== 'invalid_phone' || typeof value !== 'string') continue;
    const judged = judgePhone(value, runtime.form.phoneCountry, runtime.form.bots.phone);
    if (!judged.ok) logger.info({ ...log, field: field.name, reason: judged.reason }, 'submission refused: phone number');
  }
}

/** Verifies the form's CAPTCHA once; throws `invalid_token` when it is refused. */
async function checkCaptcha(options: SubmitOptions, runtime: FormRuntime, submission: ParsedSubmission, remoteIp: string | undefined, log: LogContext): Promise<void> {
  const captcha = runtime.form.bots.captcha;
  if (captcha === undefined) return;
  const result = await options.bots.captcha.verify({
    provider: captcha.provider,
    // Present: config loading refuses a form whose secret variable is unset.
    secret: options.secrets.get(captcha.secretEnv) ?? '',
    siteKey: captcha.siteKey,
    response: submission.captcha,
    ...(remoteIp === undefined ? {} : { remoteIp }),
    hostnames: captcha.hostnames,
    failOpen: captcha.failOpen,
  });
  if (result.ok) {
    if (result.failedOpen) options.logger.warn({ ...log, provider: captcha.provider }, 'CAPTCHA provider unavailable: submission let through (failOpen)');
    return;
  }
  options.logger.info({ ...log, provider: captcha.provider, reason: result.reason, errorCodes: result.errorCodes }, 'submission refused: CAPTCHA');
  throw new HttpError('invalid_token');
}

function answer(res: Response, id: string, outcome: AcceptOutcome, spent: () => never): void {
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
    case 'invalid_token':
      spent();
      return;
    case 'unavailable':
      throw new HttpError('unavailable');
  }
}
