import { Router } from 'express';
import type { Store } from 'express-rate-limit';
import type { FormRuntime } from '../forms/form-runtime.ts';
import { checkOrigin } from '../middleware/check-origin.ts';
import { findForm } from '../middleware/find-form.ts';
import { methodNotAllowed } from '../middleware/not-found.ts';
import { formRateLimit } from '../middleware/rate-limit.ts';
import { readBody } from '../middleware/read-body.ts';
import { requireJson } from '../middleware/require-json.ts';
import { sendFormDefinition } from './form-definition.ts';
import { preflight } from './preflight.ts';
import { type SubmitOptions, submit } from './submissions.ts';

/** Submission bodies are small: a signup never needs more than 16 KiB. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface FormRoutesOptions extends SubmitOptions {
  readonly forms: ReadonlyMap<string, FormRuntime>;
  readonly bodyTimeoutMs: number;
  readonly createRateLimitStore?: (prefix: string) => Store;
}

/**
 * The public form API. Each chain is the contract's check order, left to right:
 * media type → size → form → origin → rate limit → (in the handler) body, bot, fields.
 */
export function formRoutes(options: FormRoutesOptions): Router {
  const form = findForm(options.forms);
  const origin = checkOrigin();
  const limits = { forms: options.forms, logger: options.logger, now: options.now, ...(options.createRateLimitStore ? { createStore: options.createRateLimitStore } : {}) };
  const router = Router();

  router
    .route('/v1/forms/:formId')
    .get(form, origin, formRateLimit('definition', limits), sendFormDefinition())
    .options(form, origin, preflight(['GET', 'OPTIONS']))
    .all(methodNotAllowed(['GET', 'HEAD', 'OPTIONS']));

  router
    .route('/v1/forms/:formId/submissions')
    .post(requireJson(), readBody({ limitBytes: BODY_LIMIT_BYTES, timeoutMs: options.bodyTimeoutMs }), form, origin, formRateLimit('submit', limits), submit(options))
    .options(form, origin, preflight(['POST', 'OPTIONS']))
    .all(methodNotAllowed(['POST', 'OPTIONS']));

  return router;
}
