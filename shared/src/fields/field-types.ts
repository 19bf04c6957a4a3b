import * as z from 'zod/mini';

/**
 * How a field is rendered and which rule checks it. `checkbox` is a JSON boolean, `number` a
 * JSON number, `multiselect` an array of option values; `location` is one option value that
 * the proxy maps to the owner's exact Gleantap location string (and, optionally, account).
 */
export const FieldType = z.enum(['text', 'textarea', 'email', 'tel', 'date', 'select', 'checkbox', 'radio', 'multiselect', 'number', 'location']);
export type FieldType = z.infer<typeof FieldType>;

/** Types whose value must be one of the field's options. */
export const OPTION_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['select', 'radio', 'multiselect', 'location']);

/** Default and ceiling for custom fields' maximum length. */
export const CUSTOM_FIELD_MAX_LENGTH = 256;
export const TEXTAREA_MAX_LENGTH = 2000;
/** Longest number a visitor may type: digits, sign, point and exponent of any double. */
export const NUMBER_MAX_LENGTH = 32;
/** Most choices a multiselect answer may hold (it can never hold more than the options anyway). */
export const MULTISELECT_MAX_CHOICES = 100;
