import * as z from 'zod/mini';
import { CaptchaProvider } from './config/bots.ts';
import { Theme } from './config/theme.ts';
import { FieldType } from './fields/field-types.ts';
import { Messages } from './messages/messages.ts';
import { Locale } from './names.ts';

/** A text in every configured locale: `{ "en": "…", "es": "…" }` (forms file and proxy only). */
export const LocalizedText = z.record(Locale, z.string());
export type LocalizedText = z.infer<typeof LocalizedText>;

export const ConsentKind = z.enum(['email', 'sms']);
export type ConsentKind = z.infer<typeof ConsentKind>;

/** One choice of a select, radio, multiselect or location field: the value sent and its label. */
export const DefinitionOption = z.strictObject({ value: z.string(), label: z.string() });
export type DefinitionOption = z.infer<typeof DefinitionOption>;

/** One input of the public form definition, its texts already in the definition's locale. */
export const DefinitionField = z.strictObject({
  name: z.string(),
  type: FieldType,
  label: z.string(),
  help: z.optional(z.string()),
  placeholder: z.optional(z.string()),
  required: z.boolean(),
  autocomplete: z.string(),
  inputmode: z.string(),
  maxLength: z.number(),
  options: z.optional(z.array(DefinitionOption)),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  step: z.optional(z.number()),
  /** Not shown: the value comes from the embed (`data-field-<name>`, `fields` in `mount()`/`open()`). */
  hidden: z.optional(z.literal(true)),
  /** The initial value comes from the page URL's query parameter named like the field. */
  prefill: z.optional(z.literal('url')),
});
export type DefinitionField = z.infer<typeof DefinitionField>;

/** One consent checkbox; `version` is the hash of the exact text shown. */
export const DefinitionConsent = z.strictObject({
  kind: ConsentKind,
  text: z.string(),
  version: z.string(),
  required: z.boolean(),
});
export type DefinitionConsent = z.infer<typeof DefinitionConsent>;

/**
 * `GET /v1/forms/:formId?locale=…`: everything the widget needs for one locale and nothing
 * else. Built from this allow-list schema, never by stripping the config, so app_id, tags,
 * locations, origins and key names cannot leak into it. Every text is resolved by the proxy
 * (owner's texts over the built-in catalogue), so the widget ships no catalogue.
 */
export const PublicFormDefinition = z.strictObject({
  id: z.string(),
  /** The locale every text below is in: the visitor's best match among the form's locales. */
  locale: Locale,
  heading: z.optional(z.string()),
  intro: z.optional(z.string()),
  fields: z.array(DefinitionField),
  consent: z.array(DefinitionConsent),
  /** Every message the form shows, in `locale`: built-in texts with the owner's overrides applied. */
  messages: Messages,
  /** The typed theme, as configured; kept for widget releases that build their own styles from it. */
  theme: Theme,
  /**
   * The form's whole stylesheet (`buildFormCss`: base rules, the theme's values, the dark
   * scheme), adopted by the widget as a constructable stylesheet: no CSS travels in the script.
   */
  css: z.string(),
  submitLabel: z.string(),
  success: z.strictObject({ message: z.string(), redirectUrl: z.optional(z.string()) }),
  /**
   * The signed form token, fresh in every answer: the submission sends it back. Optional in the
   * schema because the definition is built once per locale and the token added per answer.
   */
  token: z.optional(z.string()),
  /**
   * The token's age limits in milliseconds: the widget waits until `min` has passed since it
   * received the token before sending, and fetches a fresh one past `max`.
   */
  tokenAge: z.optional(z.strictObject({ min: z.number(), max: z.number() })),
  /** The form's CAPTCHA: the provider whose script the widget loads, and the public site key. */
  captcha: z.optional(z.strictObject({ provider: CaptchaProvider, siteKey: z.string() })),
});
export type PublicFormDefinition = z.infer<typeof PublicFormDefinition>;
