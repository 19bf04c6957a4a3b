import type { ErrorCode } from '../errors.ts';

/**
 * docs/contract.md §2 "Check order": the first failing check answers, so every endpoint lists
 * its error codes in this order. A path no endpoint has is `404 not_found` before anything else
 * and so appears in no endpoint's list; an endpoint's own `not_found` (a widget release it does
 * not have) is a lookup of what the path names, like `form_not_found`. The body's arrival (size,
 * time) is judged before the form is looked up; storing before idempotency can be.
 */
export const CHECK_ORDER: readonly ErrorCode[] = [
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'request_timeout',
  'not_found',
  'form_not_found',
  'origin_not_allowed',
  'rate_limited',
  'invalid_body',
  'invalid_token',
  'invalid_fields',
  'unavailable',
  'idempotency_in_progress',
  'idempotency_conflict',
];
