import { FIELD_NAME_PATTERN, type FieldErrors, type FormValidator } from '@gleantap-capture/shared';

/** Unknown names short enough and shaped like a field name are echoed, at most this many. */
export const ECHOED_UNKNOWN_MAX = 5;
export const ECHOED_UNKNOWN_MAX_LENGTH = 32;

/** The one entry that stands for every unknown name not echoed; it can never be a field name. */
export function notShownKey(count: number): string {
  return `(${count} not shown)`;
}
const NOT_SHOWN = /^\((\d+) not shown\)$/;

const isConsentKey = (key: string) => key === 'consent.email' || key === 'consent.sms';

/**
 * An `invalid_fields` answer without the unknown names a client sent verbatim: a key can be an
 * email address or a phone number, and thousands of them made the answer (and the log line)
 * bigger than the request. Up to 5 unknown names that look like field names (and are at most
 * 32 characters) are kept, so a developer sees `app_id: unknown_field`; every other unknown
 * name is counted into one `"(N not shown)": "unknown_field"` entry.
 */
export function foldUnknownFields(fields: FieldErrors, declared: ReadonlySet<string>): FieldErrors {
  const folded: Record<string, FieldErrors[string]> = Object.create(null);
  let echoed = 0;
  let hidden = 0;
  for (const [key, code] of Object.entries(fields)) {
    if (code !== 'unknown_field' || declared.has(key) || isConsentKey(key)) {
      folded[key] = code;
    } else if (echoed < ECHOED_UNKNOWN_MAX && key.length <= ECHOED_UNKNOWN_MAX_LENGTH && FIELD_NAME_PATTERN.test(key)) {
      folded[key] = code;
      echoed += 1;
    } else {
      hidden += 1;
    }
  }
  if (hidden > 0) folded[notShownKey(hidden)] = 'unknown_field';
  return { ...folded };
}

/**
 * What a log line may say about a folded answer: the verdicts of declared fields and consent,
 * and how many unknown names were sent — never the names themselves.
 */
export function loggableFieldErrors(fields: FieldErrors, declared: ReadonlySet<string>): { fieldErrors: FieldErrors; unknownFields: number } {
  const known: Record<string, FieldErrors[string]> = {};
  let unknownFields = 0;
  for (const [key, code] of Object.entries(fields)) {
    if (declared.has(key) || isConsentKey(key)) known[key] = code;
    else unknownFields += Number(NOT_SHOWN.exec(key)?.[1] ?? 1);
  }
  return { fieldErrors: known, unknownFields };
}

/** A validator whose `invalid_fields` verdicts fold unknown names (see foldUnknownFields). */
export function withFoldedUnknownFields(validator: FormValidator, declared: ReadonlySet<string>): FormValidator {
  return {
    validate(fields, consent) {
      const verdict = validator.validate(fields, consent);
      return verdict.ok ? verdict : { ok: false, fields: foldUnknownFields(verdict.fields, declared) };
    },
  };
}
