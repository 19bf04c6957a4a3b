import * as z from 'zod/mini';
import { Theme } from './config/theme.ts';
import { FieldType } from './fields/field-types.ts';
import { Messages } from './messages/messages.ts';
import { Locale } from './names.ts';

/** A text in every configured locale: `{ "en": "…", "es": "…" }`. */
export const LocalizedText = z.record(Locale, z.string());
export type LocalizedText = z.infer<typeof LocalizedText>;

export const ConsentKind = z.enum(['email', 'sms']);
export type ConsentKind = z.infer<typeof ConsentKind>;

/** One input of the public form definition. */
export const DefinitionField = z.strictObject({
  name: z.string(),
  type: FieldType,
  label: LocalizedText,
  required: z.boolean(),
  autocomplete: z.string(),
  inputmode: z.string(),
  maxLength: z.number(),
  options: z.optional(z.array(z.string())),
});
export type DefinitionField = z.infer<typeof DefinitionField>;

/** One consent checkbox; `version` is, per locale, the hash of the exact text shown. */
export const DefinitionConsent = z.strictObject({
  kind: ConsentKind,
  text: LocalizedText,
  version: LocalizedText,
  required: z.boolean(),
});
export type DefinitionConsent = z.infer<typeof DefinitionConsent>;

/**
 * `GET /v1/forms/:formId`: everything the widget needs and nothing else. Built from this
 * allow-list schema, never by stripping the config, so app_id, tags, origins and key
 * names cannot leak into it.
 */
export const PublicFormDefinition = z.strictObject({
  id: z.string(),
  fields: z.array(DefinitionField),
  consent: z.array(DefinitionConsent),
  /** Every message the form shows, per locale of the form: built-in texts with the owner's overrides applied. */
  messages: z.record(Locale, Messages),
  locales: z.array(Locale),
  theme: Theme,
  submitLabel: LocalizedText,
  success: z.strictObject({ message: LocalizedText, redirectUrl: z.optional(z.string()) }),
  /** Anti-bot form token; present once bot defences are enabled. */
  token: z.optional(z.string()),
});
export type PublicFormDefinition = z.infer<typeof PublicFormDefinition>;
