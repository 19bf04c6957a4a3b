import * as z from 'zod/mini';
import { SUBMISSION_BODY_LIMIT_BYTES } from './contracts/paths.ts';

/** Every error code the proxy answers with; stable, public, documented in docs/contract.md §2. */
export const ErrorCode = z.enum([
  'invalid_body',
  'invalid_fields',
  'origin_not_allowed',
  'invalid_token',
  'form_not_found',
  'not_found',
  'method_not_allowed',
  'request_timeout',
  'idempotency_in_progress',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_conflict',
  'rate_limited',
  'unavailable',
  'upstream_unavailable',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Per-field verdicts inside an `invalid_fields` answer. */
export const FieldErrorCode = z.enum(['required', 'too_long', 'invalid_type', 'invalid_value', 'invalid_email', 'invalid_phone', 'invalid_date', 'invalid_option', 'unknown_field']);
export type FieldErrorCode = z.infer<typeof FieldErrorCode>;

/** `fields` of an error answer: field name (or `consent.<kind>`) → verdict. */
export const FieldErrors = z.record(z.string(), FieldErrorCode);
export type FieldErrors = z.infer<typeof FieldErrors>;

/** The body of every error answer. */
export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: ErrorCode,
    message: z.string(),
    fields: z.optional(FieldErrors),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The HTTP status that goes with each error code. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_body: 400,
  invalid_fields: 400,
  origin_not_allowed: 403,
  invalid_token: 403,
  form_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  idempotency_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_conflict: 422,
  rate_limited: 429,
  unavailable: 503,
  upstream_unavailable: 502,
  internal_error: 500,
};

/** The English `message` of each error answer; written for the developer reading the response. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  invalid_body: 'The request body is not a valid submission.',
  invalid_fields: 'Some fields are missing or invalid.',
  origin_not_allowed: 'This website is not allowed to use this form.',
  invalid_token: 'The form token is missing, invalid or expired. Reload the form and try again.',
  form_not_found: 'No form with this id.',
  not_found: 'No such route.',
  method_not_allowed: 'This method is not allowed on this route.',
  request_timeout: 'The request body was not received in time.',
  idempotency_in_progress: 'A submission with this id is still being processed. Try again shortly.',
  payload_too_large: `The request body is larger than ${SUBMISSION_BODY_LIMIT_BYTES / 1024} KiB.`,
  unsupported_media_type: 'Send application/json (UTF-8) without Content-Encoding.',
  idempotency_conflict: 'A different submission was already made with this id.',
  rate_limited: 'Too many requests. Try again later.',
  unavailable: 'The submission could not be stored. Nothing was accepted; try again.',
  upstream_unavailable: 'Gleantap could not take the submission. Try again later.',
  internal_error: 'Something went wrong on the server.',
};
