import { isGleantapStandardKey, isSafeKey } from '@gleantap-capture/shared';

/** The attribute that carries the submission id to Gleantap. */
export const SUBMISSION_ID_ATTRIBUTE = 'capture_submission_id';

/** The attribute that carries the time the proxy accepted the lead (ISO 8601 UTC). */
export const ACCEPTED_AT_ATTRIBUTE = 'capture_accepted_at';

/**
 * Names of the widget's own inputs, old and new. A custom field with one of these names would
 * share its input name with the honeypot or a consent box, and what the visitor typed would
 * silently not be sent. The widget's inputs live under `gleantap-…` (a hyphen, which no field
 * name can contain); the bare `gleantap` prefix is kept free for them as well.
 */
const WIDGET_INPUT_NAMES: ReadonlySet<string> = new Set(['website', 'consent_email', 'consent_sms']);
const WIDGET_PREFIX = 'gleantap';

/**
 * Why `name` cannot be a custom attribute (a custom field or a context attribute), or undefined
 * when it can. Compared lower-case: `Email` next to `email` would be a second contact field in
 * all but name.
 */
export function reservedReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (!isSafeKey(name) || !isSafeKey(lower)) return `"${name}" is a prototype key`;
  if (isGleantapStandardKey(lower)) return `"${name}" is a standard Gleantap field, not a custom attribute`;
  if (lower === SUBMISSION_ID_ATTRIBUTE) return `"${name}" is reserved for the submission id`;
  if (lower === ACCEPTED_AT_ATTRIBUTE) return `"${name}" is reserved for the time the lead was accepted`;
  if (lower.includes('_consent_')) return `"${name}" is reserved for consent provenance (<kind>_consent_version, _at, _page)`;
  return undefined;
}

/** Why `name` cannot be a custom *field* (an input in the widget), on top of {@link reservedReason}. */
export function reservedFieldReason(name: string): string | undefined {
  const reason = reservedReason(name);
  if (reason !== undefined) return reason;
  const lower = name.toLowerCase();
  if (WIDGET_INPUT_NAMES.has(lower) || lower.startsWith(WIDGET_PREFIX)) {
    return `"${name}" is reserved for the widget's own inputs (honeypot, consent boxes, names starting with "gleantap")`;
  }
  return undefined;
}
