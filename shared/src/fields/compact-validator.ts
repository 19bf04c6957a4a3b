import type { FieldErrorCode, FieldErrors } from '../errors.ts';
import type { DefinitionConsent, DefinitionField } from '../form-definition.ts';
import type { SubmissionConsent } from '../submission.ts';
import { hasForbiddenCharacters, isBlank, isCalendarDate, isEmail, isPhoneShaped, normaliseEmail, normaliseText } from './text-rules.ts';
import type { FormValidator } from './validate-fields.ts';

/**
 * The widget's validator: the same rules, order and codes as `createFormValidator`, written
 * without zod so the script tag stays within its size budget. The rules themselves come from
 * `text-rules.ts`; a differential property test proves both validators give the same verdicts.
 * Phone numbers get the structural check only (the proxy normalises them).
 */
export function createCompactValidator(fields: readonly DefinitionField[], consents: readonly DefinitionConsent[]): FormValidator {
  return {
    validate(input, consent) {
      const errors: Record<string, FieldErrorCode> = Object.create(null);
      const values: Record<string, string> = Object.create(null);
      for (const key of Object.keys(input)) if (!fields.some((field) => field.name === key)) errors[key] = 'unknown_field';
      for (const field of fields) {
        const raw = input[field.name];
        if (isBlank(raw)) {
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
export function checkValue(field: DefinitionField, raw: unknown): { value: string } | FieldErrorCode {
  if (typeof raw !== 'string') return 'invalid_type';
  const multiline = field.type === 'textarea';
  if (hasForbiddenCharacters(raw, multiline)) return 'invalid_value';
  const value = field.type === 'email' ? normaliseEmail(raw) : normaliseText(raw, multiline);
  // Counted in Unicode code points, as the proxy's zod check counts them: an emoji is one.
  if ([...value].length > field.maxLength) return 'too_long';
  if (field.type === 'email' && !isEmail(value)) return 'invalid_email';
  if (field.type === 'date' && !isCalendarDate(value)) return 'invalid_date';
  if (field.type === 'select' && !(field.options ?? []).includes(value)) return 'invalid_option';
  if (field.type === 'tel' && !isPhoneShaped(value)) return 'invalid_phone';
  return { value };
}

function checkConsent(consents: readonly DefinitionConsent[], consent: SubmissionConsent | undefined, errors: Record<string, FieldErrorCode>): Partial<Record<'email' | 'sms', { version: string }>> {
  const granted: Partial<Record<'email' | 'sms', { version: string }>> = {};
  for (const kind of ['email', 'sms'] as const) {
    const given = consent?.[kind];
    const declared = consents.find((item) => item.kind === kind);
    const key = `consent.${kind}`;
    if (!declared) {
      if (given) errors[key] = 'unknown_field';
    } else if (!given?.granted) {
      if (declared.required) errors[key] = 'required';
    } else if (!Object.values(declared.version).includes(given.version)) {
      errors[key] = 'invalid_value';
    } else {
      granted[kind] = { version: given.version };
    }
  }
  return granted;
}
