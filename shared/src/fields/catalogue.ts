import type { FieldType } from './field-types.ts';

/** What the catalogue knows about one standard Gleantap contact field a visitor may fill. */
export interface CatalogueField {
  readonly type: FieldType;
  /** HTML `autocomplete` token, so browsers and password managers fill it. */
  readonly autocomplete: string;
  /** HTML `inputmode` for on-screen keyboards. */
  readonly inputmode: 'text' | 'email' | 'tel' | 'numeric' | 'decimal' | 'none';
  /** Maximum length of the normalised value, in Unicode code points (an emoji counts as one). */
  readonly maxLength: number;
}

/**
 * The standard Gleantap fields a form may ask visitors for. Every rule about a field is
 * defined here once; the proxy's zod schemas and the widget's inputs are both derived from it.
 */
export const FIELD_CATALOGUE = {
  first_name: { type: 'text', autocomplete: 'given-name', inputmode: 'text', maxLength: 100 },
  last_name: { type: 'text', autocomplete: 'family-name', inputmode: 'text', maxLength: 100 },
  email: { type: 'email', autocomplete: 'email', inputmode: 'email', maxLength: 254 },
  phone: { type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxLength: 32 },
  address: { type: 'text', autocomplete: 'street-address', inputmode: 'text', maxLength: 200 },
  city: { type: 'text', autocomplete: 'address-level2', inputmode: 'text', maxLength: 100 },
  state: { type: 'text', autocomplete: 'address-level1', inputmode: 'text', maxLength: 100 },
  zip: { type: 'text', autocomplete: 'postal-code', inputmode: 'text', maxLength: 20 },
  dob: { type: 'date', autocomplete: 'bday', inputmode: 'numeric', maxLength: 10 },
  gender: { type: 'text', autocomplete: 'sex', inputmode: 'text', maxLength: 32 },
} as const satisfies Record<string, CatalogueField>;

export type StandardFieldName = keyof typeof FIELD_CATALOGUE;

/** True when `name` is a standard field of the catalogue. */
export function isStandardField(name: string): name is StandardFieldName {
  return Object.hasOwn(FIELD_CATALOGUE, name);
}

/** Defaults for a custom field of each type (custom fields carry owner-chosen names). */
export const CUSTOM_FIELD_DEFAULTS: Readonly<Record<FieldType, Omit<CatalogueField, 'type' | 'maxLength'>>> = {
  text: { autocomplete: 'off', inputmode: 'text' },
  textarea: { autocomplete: 'off', inputmode: 'text' },
  email: { autocomplete: 'email', inputmode: 'email' },
  tel: { autocomplete: 'tel', inputmode: 'tel' },
  date: { autocomplete: 'off', inputmode: 'numeric' },
  select: { autocomplete: 'off', inputmode: 'none' },
  checkbox: { autocomplete: 'off', inputmode: 'none' },
  radio: { autocomplete: 'off', inputmode: 'none' },
  multiselect: { autocomplete: 'off', inputmode: 'none' },
  number: { autocomplete: 'off', inputmode: 'decimal' },
  location: { autocomplete: 'off', inputmode: 'none' },
};
