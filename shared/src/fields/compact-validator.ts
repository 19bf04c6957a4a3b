import type { FieldErrorCode, FieldErrors } from '../errors.ts';
import type { SubmissionConsent } from '../submission.ts';
import { hasForbiddenCharacters, isCalendarDate, isEmail, isPhoneShaped, normaliseEmail, normaliseText } from './text-rules.ts';
import type { FormValidator } from './validate-fields.ts';
import { type ConsentRules, consentVersions, type FieldRules, type FieldValue, isInRange, isOnStep, isUnfilled, optionValues } from './value-rules.ts';

/**
 * The widget's validator: the same rules, order and codes as `createFormValidator`, written
 * without zod so the script tag stays within its size budget. The rules themselves come from
 * `text-rules.ts` and `value-rules.ts`; a differential property test proves both validators
 * give the same verdicts. Phone numbers get the structural check only (the proxy normalises them).
 */
export function createCompactValidator(fields: readonly FieldRules[], consents: readonly ConsentRules[]): FormValidator {
  return {
    validate(input, consent) {
      const errors: Record<string, FieldErrorCode> = Object.create(null);
      const values: Record<string, FieldValue> = Object.create(null);
      for (const key of Object.keys(input)) if (!fields.some((field) => field.name === key)) errors[key] = 'unknown_field';
      for (const field of fields) {
        const raw = input[field.name];
        if (isUnfilled(field, raw)) {
          if (field.required) errors[field.name] = 'required';
          continue;
        }
        const verdict = checkValue(field, raw);
        if (typeof verdict === 'object') values[field.name] = verdict.value;
        else errors[field.name] = verdict;
      }
      const granted = checkConsent(consents, consent, errors);
      if (Object.keys(errors).length > 0) return { ok: false, fields: { ...errors } as FieldErrors };
      return { ok: true, values: { ...values }, consent: granted };
    },
  };
}

/** One field's verdict: the normalised value, or the first failing rule's code. */
export function checkValue(field: FieldRules, raw: unknown): { value: FieldValue } | FieldErrorCode {
  if (field.type === 'checkbox') return typeof raw === 'boolean' ? { value: raw } : 'invalid_type';
  if (field.type === 'number') {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return 'invalid_type';
    return isInRange(raw, field) && isOnStep(raw, field) ? { value: raw } : 'invalid_value';
  }
  if (field.type === 'multiselect') {
    if (!Array.isArray(raw)) return 'invalid_type';
    const chosen: string[] = [];
    for (const item of raw) {
      const verdict = checkText(field, item);
      if (typeof verdict !== 'object') return verdict;
      chosen.push(verdict.value);
    }
    return new Set(chosen).size === chosen.length ? { value: chosen } : 'invalid_value';
  }
  return checkText(field, raw);
}

function checkText(field: FieldRules, raw: unknown): { value: string } | FieldErrorCode {
  if (typeof raw !== 'string') return 'invalid_type';
  const multiline = field.type === 'textarea';
  if (hasForbiddenCharacters(raw, multiline)) return 'invalid_value';
  const value = field.type === 'email' ? normaliseEmail(raw) : normaliseText(raw, multiline);
  // Counted in Unicode code points, as the proxy's zod check counts them: an emoji is one.
  if ([...value].length > field.maxLength) return 'too_long';
  if (field.type === 'email' && !isEmail(value)) return 'invalid_email';
  if (field.type === 'date' && !isCalendarDate(value)) return 'invalid_date';
  if ((field.type === 'select' || field.type === 'radio' || field.type === 'location' || field.type === 'multiselect') && !optionValues(field).includes(value)) return 'invalid_option';
  if (field.type === 'tel' && !isPhoneShaped(value)) return 'invalid_phone';
  return { value };
}

function checkConsent(consents: readonly ConsentRules[], consent: SubmissionConsent | undefined, errors: Record<string, FieldErrorCode>): Partial<Record<'email' | 'sms', { version: string }>> {
  const granted: Partial<Record<'email' | 'sms', { version: string }>> = {};
  for (const kind of ['email', 'sms'] as const) {
    const given = consent?.[kind];
    const declared = consents.find((item) => item.kind === kind);
    const key = `consent.${kind}`;
    if (!declared) {
      if (given) errors[key] = 'unknown_field';
    } else if (!given?.granted) {
      if (declared.required) errors[key] = 'required';
    } else if (!consentVersions(declared).includes(given.version)) {
      errors[key] = 'invalid_value';
    } else {
      granted[kind] = { version: given.version };
    }
  }
  return granted;
}
