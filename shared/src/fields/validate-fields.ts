import * as z from 'zod/mini';
import type { FieldErrorCode, FieldErrors } from '../errors.ts';
import type { SubmissionConsent } from '../submission.ts';
import { hasForbiddenCharacters, isCalendarDate, isEmail, isPhoneShaped, normaliseEmail, normaliseText } from './text-rules.ts';
import { type ConsentRules, consentVersions, type FieldRules, type FieldValue, isInRange, isOnStep, isUnfilled, optionValues } from './value-rules.ts';

/** Turns a structurally valid phone into its canonical form, or null when it is not a real number. */
export type PhoneNormaliser = (value: string) => string | null;

export interface FieldRuleOptions {
  /** The proxy passes libphonenumber-js here; the widget checks structure only. */
  readonly normalisePhone?: PhoneNormaliser;
}

// Each check's error message *is* the field error code, so the first issue zod reports is the verdict.
const fail = (code: FieldErrorCode) => ({ error: code });

function textSchema(field: FieldRules) {
  const multiline = field.type === 'textarea';
  return z.string(fail('invalid_type')).check(
    z.refine((value) => !hasForbiddenCharacters(value, multiline), fail('invalid_value')),
    z.overwrite((value) => (field.type === 'email' ? normaliseEmail(value) : normaliseText(value, multiline))),
    z.maxLength(field.maxLength, fail('too_long')),
  );
}

/** The zod schema that checks and normalises one declared field's non-empty value. */
export function fieldSchema(field: FieldRules, options: FieldRuleOptions = {}): z.ZodMiniType<FieldValue, unknown> {
  const text = textSchema(field);
  switch (field.type) {
    case 'email':
      return text.check(z.refine(isEmail, fail('invalid_email')));
    case 'date':
      return text.check(z.refine(isCalendarDate, fail('invalid_date')));
    case 'select':
    case 'radio':
    case 'location': {
      const allowed = new Set(optionValues(field));
      return text.check(z.refine((value) => allowed.has(value), fail('invalid_option')));
    }
    case 'checkbox':
      return z.boolean(fail('invalid_type'));
    case 'number':
      return z.number(fail('invalid_type')).check(
        z.refine((value) => isInRange(value, field), fail('invalid_value')),
        z.refine((value) => isOnStep(value, field), fail('invalid_value')),
      );
    case 'multiselect': {
      const allowed = new Set(optionValues(field));
      const choice = text.check(z.refine((value) => allowed.has(value), fail('invalid_option')));
      // Compared after normalisation: " a" and "a" are the same choice made twice.
      return z.array(choice, fail('invalid_type')).check(z.refine((values) => new Set(values).size === values.length, fail('invalid_value')));
    }
    case 'tel': {
      const shaped = text.check(z.refine(isPhoneShaped, fail('invalid_phone')));
      const normalise = options.normalisePhone;
      if (!normalise) return shaped;
      return z.pipe(
        shaped,
        z.transform((value, ctx) => {
          const canonical = normalise(value);
          if (canonical === null) {
            ctx.issues.push({ code: 'custom', message: 'invalid_phone', input: value });
            return z.NEVER;
          }
          return canonical;
        }),
      );
    }
    default:
      return text;
  }
}

/** The result of judging a submission's fields and consent against a form. */
export type FieldsVerdict =
  | { readonly ok: true; readonly values: Readonly<Record<string, FieldValue>>; readonly consent: Readonly<Partial<Record<'email' | 'sms', { version: string }>>> }
  | { readonly ok: false; readonly fields: FieldErrors };

/** Compiled validators for one form, built once and reused for every submission. */
export interface FormValidator {
  validate(fields: Record<string, unknown>, consent: SubmissionConsent | undefined): FieldsVerdict;
}

/**
 * Builds the validator for a form: declared fields only, catalogue rules, consent kinds and
 * versions. The widget and the proxy call the same code.
 */
export function createFormValidator(fields: readonly FieldRules[], consents: readonly ConsentRules[], options: FieldRuleOptions = {}): FormValidator {
  const compiled = new Map(fields.map((field) => [field.name, { field, schema: fieldSchema(field, options) }]));
  const consentByKind = new Map(consents.map((item) => [item.kind, item]));

  return {
    validate(input, consent) {
      const errors: Record<string, FieldErrorCode> = Object.create(null);
      const values: Record<string, FieldValue> = Object.create(null);
      for (const key of Object.keys(input)) {
        if (!compiled.has(key)) errors[key] = 'unknown_field';
      }
      for (const [name, { field, schema }] of compiled) {
        const raw = input[name];
        if (isUnfilled(field, raw)) {
          if (field.required) errors[name] = 'required';
          continue;
        }
        const result = schema.safeParse(raw);
        if (result.success) values[name] = result.data;
        else errors[name] = (result.error.issues[0]?.message ?? 'invalid_value') as FieldErrorCode;
      }
      const granted: Partial<Record<'email' | 'sms', { version: string }>> = {};
      for (const kind of ['email', 'sms'] as const) {
        const given = consent?.[kind];
        const declared = consentByKind.get(kind);
        const key = `consent.${kind}`;
        if (!declared) {
          if (given) errors[key] = 'unknown_field';
          continue;
        }
        if (!given?.granted) {
          if (declared.required) errors[key] = 'required';
          continue;
        }
        if (!consentVersions(declared).includes(given.version)) errors[key] = 'invalid_value';
        else granted[kind] = { version: given.version };
      }
      if (Object.keys(errors).length > 0) return { ok: false, fields: { ...errors } };
      return { ok: true, values: { ...values }, consent: granted };
    },
  };
}
