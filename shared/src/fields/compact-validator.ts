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
export function createCompactValidator(fields: readonly CompactField[], consents: readonly CompactConsent[]): FormValidator {
  return {
    validate(input, consent) {
      const errors: Record<string, FieldErrorCode> = Object.create(null);
      const values: Record<string, unknown> = Object.create(null);
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
      return { ok: true, values: { ...values } as Record<string, string>, consent: granted };
    },
  };
}

/**
 * A field as either shape of the public definition describes it: options as plain values, or
 * (per-locale definitions) as `{value, label}`; `number`, `checkbox`, `radio`, `multiselect`
 * and `location` as well as the text types.
 */
export type CompactField = Pick<DefinitionField, 'name' | 'required' | 'maxLength'> & {
  readonly type: string;
  readonly options?: readonly (string | { readonly value: string })[] | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly step?: number | undefined;
};

/** A consent box whose `version` is one text's hash, or one per locale. */
export type CompactConsent = Pick<DefinitionConsent, 'kind' | 'required'> & { readonly version: string | Readonly<Record<string, string>> };

const hasOption = (field: CompactField, value: unknown) => (field.options ?? []).some((option) => ((option as { value?: string }).value ?? option) === value);

/** One field's verdict: the normalised value, or the first failing rule's code. */
export function checkValue(field: CompactField, raw: unknown): { value: unknown } | FieldErrorCode {
  const { type, required, min, max, step } = field;
  // A checkbox is a JSON boolean, and a required one must be ticked.
  if (type === 'checkbox') return typeof raw !== 'boolean' ? 'invalid_type' : required && !raw ? 'required' : { value: raw };
  if (type === 'number') {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return 'invalid_type';
    // Steps count from `min`, as the browser's number input counts them; the tolerance absorbs binary fractions.
    const steps = (raw - (min ?? 0)) / (step || 1);
    return raw < (min ?? raw) || raw > (max ?? raw) || (step && Math.abs(steps - Math.round(steps)) > 1e-9) ? 'invalid_value' : { value: raw };
  }
  if (type === 'multiselect') {
    if (!Array.isArray(raw)) return 'invalid_type';
    if (!raw.length && required) return 'required';
    return new Set(raw).size < raw.length || !raw.every((item) => hasOption(field, item)) ? 'invalid_option' : { value: raw };
  }
  if (typeof raw !== 'string') return 'invalid_type';
  const multiline = type === 'textarea';
  if (hasForbiddenCharacters(raw, multiline)) return 'invalid_value';
  const value = type === 'email' ? normaliseEmail(raw) : normaliseText(raw, multiline);
  // Counted in Unicode code points, as the proxy's zod check counts them: an emoji is one.
  if ([...value].length > field.maxLength) return 'too_long';
  if (type === 'email' && !isEmail(value)) return 'invalid_email';
  if (type === 'date' && !isCalendarDate(value)) return 'invalid_date';
  if ((type === 'select' || type === 'radio' || type === 'location') && !hasOption(field, value)) return 'invalid_option';
  if (type === 'tel' && !isPhoneShaped(value)) return 'invalid_phone';
  return { value };
}

function checkConsent(consents: readonly CompactConsent[], consent: SubmissionConsent | undefined, errors: Record<string, FieldErrorCode>): Partial<Record<'email' | 'sms', { version: string }>> {
  const granted: Partial<Record<'email' | 'sms', { version: string }>> = {};
  for (const kind of ['email', 'sms'] as const) {
    const given = consent?.[kind];
    const declared = consents.find((item) => item.kind === kind);
    const key = `consent.${kind}`;
    if (!declared) {
      if (given) errors[key] = 'unknown_field';
    } else if (!given?.granted) {
      if (declared.required) errors[key] = 'required';
    } else if (typeof declared.version === 'string' ? declared.version !== given.version : !Object.values(declared.version).includes(given.version)) {
      errors[key] = 'invalid_value';
    } else {
      granted[kind] = { version: given.version };
    }
  }
  return granted;
}
