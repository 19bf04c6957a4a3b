import type { ConsentKind, FieldType, Messages, Theme } from '@gleantap-capture/shared';

// The public form definition for ONE locale, as agreed for `GET /v1/forms/:id?locale=…`: every
// text a plain string the proxy already resolved. Shared's zod `PublicFormDefinition` takes this
// shape in the same change; until both land together these types say what the widget reads.

/** One choice of a select, radio, multiselect or location field. */
export interface FieldOption {
  readonly value: string;
  readonly label: string;
}

/** The field types the widget renders. */
export type WidgetFieldType = FieldType | 'checkbox' | 'radio' | 'multiselect' | 'number' | 'location';

/** One field of the definition. */
export interface Field {
  readonly name: string;
  readonly type: WidgetFieldType;
  readonly label: string;
  readonly help?: string;
  readonly placeholder?: string;
  readonly required: boolean;
  readonly autocomplete: string;
  readonly inputmode: string;
  readonly maxLength: number;
  readonly options?: readonly FieldOption[];
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly hidden?: true;
  readonly prefill?: 'url';
}

/** One consent checkbox; `version` is the hash of the exact text shown. */
export interface Consent {
  readonly kind: ConsentKind;
  readonly text: string;
  readonly version: string;
  readonly required: boolean;
}

/** What `GET /v1/forms/:formId?locale=…` answers: one locale, resolved. */
export interface Definition {
  readonly id: string;
  readonly locale: string;
  readonly heading?: string;
  readonly intro?: string;
  readonly fields: readonly Field[];
  readonly consent: readonly Consent[];
  readonly messages: Messages;
  readonly theme: Theme;
  readonly submitLabel: string;
  readonly success: { readonly message: string; readonly redirectUrl?: string };
  readonly token?: string;
}
