import type { DefinitionConsent, DefinitionField, PublicFormDefinition } from '@gleantap-capture/shared';

// The public form definition for one locale (`GET /v1/forms/:id?locale=…`), every text a plain
// string the proxy resolved: shared's zod schema is the one source of these types.

/** What the definition endpoint answers. */
export type Definition = PublicFormDefinition;
/** One field of the definition. */
export type Field = DefinitionField;
/** The field types the widget renders. */
export type WidgetFieldType = DefinitionField['type'];
/** One choice of a select, radio, multiselect or location field. */
export type FieldOption = NonNullable<DefinitionField['options']>[number];
/** One consent checkbox; `version` is the hash of the exact text shown. */
export type Consent = DefinitionConsent;
