import { isGleantapStandardKey, isSafeKey } from '@gleantap-capture/shared';

/** The attribute that carries the submission id to Gleantap. */
export const SUBMISSION_ID_ATTRIBUTE = 'capture_submission_id';

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
  if (lower.includes('_consent_')) return `"${name}" is reserved for consent provenance (<kind>_consent_version, _at, _page)`;
  return undefined;
}
