import { PublicFormDefinition, resolveMessages } from '@gleantap-capture/shared';
import type { ResolvedForm } from '../config/config.ts';

/**
 * The public definition of a form, built field by field from the allow-list schema.
 * Never derived by deleting keys from the config, so nothing the owner decides
 * (app_id, tags, origins, key names) can slip into it.
 */
export function buildPublicDefinition(form: ResolvedForm): PublicFormDefinition {
  return PublicFormDefinition.parse({
    id: form.id,
    fields: form.fields.map((field) => ({
      name: field.name,
      type: field.type,
      label: field.label,
      required: field.required,
      autocomplete: field.autocomplete,
      inputmode: field.inputmode,
      maxLength: field.maxLength,
      ...(field.options ? { options: field.options } : {}),
    })),
    consent: form.consent.map((item) => ({ kind: item.kind, text: item.text, version: item.version, required: item.required })),
    // Resolved here, per locale, so the widget carries no message catalogue of its own.
    messages: Object.fromEntries(form.locales.map((locale) => [locale, resolveMessages(locale, form.messages[locale])])),
    locales: form.locales,
    theme: form.theme,
    submitLabel: form.submitLabel,
    success: {
      message: form.success.message,
      ...(form.success.redirectUrl ? { redirectUrl: form.success.redirectUrl } : {}),
    },
  });
}
