import * as z from 'zod/mini';

/** Every visitor-facing text of the widget; `{count}` and `{seconds}` are filled in at runtime. */
export const MESSAGE_KEYS = [
  'required', 'too_long', 'invalid_type', 'invalid_value', 'invalid_email', 'invalid_phone',
  'invalid_date', 'invalid_option', 'unknown_field',
  'required_marker', 'submit', 'sending', 'success', 'error_summary_one', 'error_summary_other',
  'network_error', 'retry', 'rate_limited', 'origin_not_allowed', 'unavailable', 'generic_error',
  'close', 'consent_required',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

export type Messages = Readonly<Record<MessageKey, string>>;

const messageText = z.string().check(z.minLength(1), z.maxLength(500));

/** An owner's overrides of some messages for one locale. */
export const PartialMessages = z.strictObject(
  Object.fromEntries(MESSAGE_KEYS.map((key) => [key, z.optional(messageText)])) as Record<MessageKey, z.ZodMiniOptional<typeof messageText>>,
);
export type PartialMessages = z.infer<typeof PartialMessages>;
