import type { FieldType } from './field-types.ts';
import { isBlank } from './text-rules.ts';

/** What a validator needs to know about a field; the public definition's fields and the proxy's resolved fields both fit. */
export interface FieldRules {
  readonly name: string;
  readonly type: FieldType;
  readonly required: boolean;
  readonly maxLength: number;
  /** Plain values (older definitions) or `{value, …}` choices. */
  readonly options?: readonly (string | { readonly value: string })[];
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
}

/** What a validator needs to know about a consent box: one version (a definition) or one per locale (the proxy). */
export interface ConsentRules {
  readonly kind: 'email' | 'sms';
  readonly required: boolean;
  readonly version: string | Readonly<Record<string, string>>;
}

/** A validated, normalised value: text, a checkbox's boolean, a number, or a multiselect's choices. */
export type FieldValue = string | number | boolean | readonly string[];

/** The values a field's options allow. */
export function optionValues(field: Pick<FieldRules, 'options'>): string[] {
  return (field.options ?? []).map((option) => (typeof option === 'string' ? option : option.value));
}

/** Every version a consent box accepts. */
export function consentVersions(consent: ConsentRules): string[] {
  return typeof consent.version === 'string' ? [consent.version] : Object.values(consent.version);
}

/**
 * "Not filled in": blank text, no choice in a multiselect, or an unticked box that must be
 * ticked (a required checkbox means "must be true", as HTML's `required` does).
 */
export function isUnfilled(field: FieldRules, raw: unknown): boolean {
  if (isBlank(raw)) return true;
  if (field.type === 'multiselect') return Array.isArray(raw) && raw.length === 0;
  return field.type === 'checkbox' && field.required && raw === false;
}

/** `value` is `min` (or 0) plus a whole number of steps, allowing for binary fractions (0.1 + 0.2). */
export function isOnStep(value: number, field: Pick<FieldRules, 'min' | 'step'>): boolean {
  if (field.step === undefined) return true;
  const steps = (value - (field.min ?? 0)) / field.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

/** Within `min` and `max` where they are set. */
export function isInRange(value: number, field: Pick<FieldRules, 'min' | 'max'>): boolean {
  return (field.min === undefined || value >= field.min) && (field.max === undefined || value <= field.max);
}
