import * as z from 'zod/mini';

/** Every visitor-facing text of the widget; `{count}` and `{seconds}` are filled in at runtime. */
export const MESSAGE_KEYS = [
  'required',
  'too_long',
  'invalid_type',
  'invalid_value',
  'invalid_number',
  'invalid_email',
  'invalid_phone',
  'invalid_date',
  'invalid_option',
  'unknown_field',
  'required_marker',
  'submit',
  'sending',
  'success',
  'error_summary_one',
  'error_summary_other',
  'network_error',
  'retry',
  'rate_limited',
  'origin_not_allowed',
  'unavailable',
  'generic_error',
  'close',
  'consent_required',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

const messageText = z.string().check(z.minLength(1), z.maxLength(500));

/**
 * Every message in one locale, as the public form definition carries it: the built-in texts
 * for the locale's language (English otherwise) with the owner's overrides applied, resolved
 * by the proxy so the widget ships no catalogue of its own.
 */
export const Messages = z.strictObject(Object.fromEntries(MESSAGE_KEYS.map((key) => [key, messageText])) as Record<MessageKey, typeof messageText>);
export type Messages = Readonly<z.infer<typeof Messages>>;

/** An owner's overrides of some messages for one locale. */
export const PartialMessages = z.strictObject(Object.fromEntries(MESSAGE_KEYS.map((key) => [key, z.optional(messageText)])) as Record<MessageKey, z.ZodMiniOptional<typeof messageText>>);
export type PartialMessages = z.infer<typeof PartialMessages>;
