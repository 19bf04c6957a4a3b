import * as z from 'zod/mini';
import { CONTEXT_VALUE_MAX_LENGTH, cleanContextValue } from './context-rules.ts';
import { isPlainRecord } from './names.ts';

/** The attribution keys a submission's `context` may carry. */
export const CONTEXT_KEYS = ['page_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'locale'] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];
export const ContextKeyEnum = z.enum(CONTEXT_KEYS);

/**
 * Every context value is a string of at most 2,048 characters (else the body is refused), then
 * cleaned by the context rules: a value that breaks them is dropped, never a reason to lose the
 * lead (see `cleanContextValue`).
 */
function contextValue(key: ContextKey) {
  return z.optional(
    z.string().check(
      z.maxLength(CONTEXT_VALUE_MAX_LENGTH),
      z.overwrite((value) => cleanContextValue(key, value)),
    ),
  );
}

const contextShape = Object.fromEntries(CONTEXT_KEYS.map((key) => [key, contextValue(key)])) as Record<ContextKey, ReturnType<typeof contextValue>>;

export const SubmissionContext = z.strictObject(contextShape);
export type SubmissionContext = z.infer<typeof SubmissionContext>;

/** What the visitor agreed to: the box state and the version of the exact text shown. */
export const ConsentGrant = z.strictObject({
  granted: z.boolean(),
  version: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type ConsentGrant = z.infer<typeof ConsentGrant>;

export const SubmissionConsent = z.strictObject({
  email: z.optional(ConsentGrant),
  sms: z.optional(ConsentGrant),
});
export type SubmissionConsent = z.infer<typeof SubmissionConsent>;

/** The raw `fields` object, kept as sent so that every key (even `__proto__`) is judged. */
const RawFields = z.custom<Record<string, unknown>>(isPlainRecord);

/**
 * `POST /v1/forms/:formId/submissions` body shape. Field values are judged later, per form,
 * by `validateFields`; this schema only decides `invalid_body`.
 */
export const Submission = z.strictObject({
  /** One id per intent: retries reuse it. May come from the `Idempotency-Key` header instead. */
  id: z.optional(z.uuid()),
  fields: RawFields,
  consent: z.optional(SubmissionConsent),
  context: z.optional(SubmissionContext),
  /** The signed form token from the form definition (left out of the idempotency comparison). */
  token: z.optional(z.string().check(z.maxLength(2048))),
  /** The CAPTCHA provider's response, on a form that has one (left out of the idempotency comparison). */
  captcha: z.optional(z.string().check(z.maxLength(2048))),
  /** Honeypot: always empty from a real visitor. */
  hp: z.optional(z.string().check(z.maxLength(1024))),
});
export type Submission = z.infer<typeof Submission>;
