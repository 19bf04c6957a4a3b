import { FORM_DEFINITION_PREFLIGHT_ROUTE, FORM_DEFINITION_ROUTE, SUBMISSIONS_PREFLIGHT_ROUTE, submissionsEndpoint } from '@gleantap-capture/shared';
import type { Store } from 'express-rate-limit';
import type { FormRuntime } from '../forms/form-runtime.ts';
import { checkOrigin } from '../middleware/check-origin.ts';
import { findForm } from '../middleware/find-form.ts';
import { formRateLimit } from '../middleware/rate-limit.ts';
import { readBody } from '../middleware/read-body.ts';
import { requireJson } from '../middleware/require-json.ts';
import type { EndpointChain } from './endpoints.ts';
import { sendFormDefinition } from './form-definition.ts';
import { preflight } from './preflight.ts';
import { answerStoreErrors } from './rate-limit-store-errors.ts';
import { type SubmitOptions, submit } from './submissions.ts';

export interface FormRoutesOptions extends SubmitOptions {
  readonly forms: ReadonlyMap<string, FormRuntime>;
  readonly bodyTimeoutMs: number;
  /** A shared store for the limiters (PostgreSQL, counted across every instance); in memory when absent. */
  readonly createRateLimitStore?: (prefix: string) => Store;
}

/**
 * The public form API. Each chain is the contract's check order, left to right:
 * media type → size → form → origin → rate limit → (in the handler) body, bot, fields.
 */
export function formEndpoints(options: FormRoutesOptions): EndpointChain[] {
  const form = findForm(options.forms);
  const origin = checkOrigin();
  const create = options.createRateLimitStore;
  const limits = (when: 'unavailable' | 'allow') => ({
    forms: options.forms,
    logger: options.logger,
    now: options.now,
    ...(create ? { createStore: answerStoreErrors(create, when, options.logger) } : {}),
  });
  const body = readBody({ limitBytes: submissionsEndpoint.request.limitBytes, timeoutMs: options.bodyTimeoutMs });
  return [
    [FORM_DEFINITION_ROUTE, form, origin, formRateLimit('definition', limits('allow')), sendFormDefinition({ tokens: options.bots.tokens, now: options.now })],
    [FORM_DEFINITION_PREFLIGHT_ROUTE, form, origin, preflight(FORM_DEFINITION_PREFLIGHT_ROUTE.path)],
    [submissionsEndpoint, requireJson(), body, form, origin, formRateLimit('submit', limits('unavailable')), submit(options)],
    [SUBMISSIONS_PREFLIGHT_ROUTE, form, origin, preflight(SUBMISSIONS_PREFLIGHT_ROUTE.path)],
  ];
}
