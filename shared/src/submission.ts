import * as z from 'zod/mini';
import { cleanPageUrl, isContextLocale, looksLikeFormula } from './context-rules.ts';
import { hasForbiddenCharacters, normaliseText } from './fields/text-rules.ts';
import { isPlainRecord } from './names.ts';

/** The attribution keys a submission's `context` may carry. */
export const CONTEXT_KEYS = [
  'page_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'locale',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];
export const ContextKeyEnum = z.enum(CONTEXT_KEYS);

export const CONTEXT_VALUE_MAX_LENGTH = 2048;

/**
 * Every context value obeys the field text rules (no controls, bidi overrides, lone surrogates
 * or invisible characters; NFC, trimmed) and stays within 2,048 characters; an empty value
 * means "not given". Then per key: page and referrer are cleaned http(s) URLs, UTM values never
 * start like a spreadsheet formula, the locale is a short language tag.
 */
function contextValue(key: ContextKey) {
  const text = z.string().check(
    z.maxLength(CONTEXT_VALUE_MAX_LENGTH),
    z.refine((value) => !hasForbiddenCharacters(value), { error: 'forbidden characters' }),
    z.overwrite((value) => normaliseText(value)),
  );
  const given = (rule: (value: string) => boolean) => (value: string) => value === '' || rule(value);
  if (key === 'page_url' || key === 'referrer') {
    return z.optional(text.check(
      z.refine(given((value) => cleanPageUrl(value) !== undefined), { error: 'not an http(s) URL' }),
      z.overwrite((value) => (value === '' ? value : cleanPageUrl(value) ?? value)),
      // Percent-encoding while cleaning can lengthen a URL; the limit holds for what is stored.
      z.maxLength(CONTEXT_VALUE_MAX_LENGTH),
    ));
  }
  if (key === 'locale') return z.optional(text.check(z.refine(given(isContextLocale), { error: 'not a locale' })));
  return z.optional(text.check(z.refine((value) => !looksLikeFormula(value), { error: 'starts like a spreadsheet formula' })));
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
  token: z.optional(z.string().check(z.maxLength(2048))),
  /** Honeypot: always empty from a real visitor. */
  hp: z.optional(z.string().check(z.maxLength(1024))),
});
export type Submission = z.infer<typeof Submission>;
