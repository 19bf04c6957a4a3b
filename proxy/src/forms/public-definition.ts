import { buildFormCss, PublicFormDefinition } from '@gleantap-capture/shared';
import type { ResolvedForm } from '../config/config.ts';

/** A locale's text where the config has one; resolving made sure every locale of the form does. */
const pick = (text: Readonly<Record<string, string>>, locale: string): string => (Object.hasOwn(text, locale) ? (text[locale] ?? '') : '');

/**
 * The public definition of a form in one of its locales, built field by field from the
 * allow-list schema. Never derived by deleting keys from the config, so nothing the owner
 * decides (app_id, tags, locations, accounts, origins, key names) can slip into it. Every text
 * is already resolved, so the widget carries no catalogue of its own.
 */
export function buildPublicDefinition(form: ResolvedForm, locale: string): PublicFormDefinition {
  return PublicFormDefinition.parse({
    id: form.id,
    locale,
    ...(form.heading ? { heading: pick(form.heading, locale) } : {}),
    ...(form.intro ? { intro: pick(form.intro, locale) } : {}),
    fields: form.fields.map((field) => ({
      name: field.name,
      type: field.type,
      label: pick(field.label, locale),
      ...(field.help ? { help: pick(field.help, locale) } : {}),
      ...(field.placeholder ? { placeholder: pick(field.placeholder, locale) } : {}),
      required: field.required,
      autocomplete: field.autocomplete,
      inputmode: field.inputmode,
      maxLength: field.maxLength,
      // Only value and label: a location option's Gleantap string and account stay in the proxy.
      ...(field.options ? { options: field.options.map((option) => ({ value: option.value, label: pick(option.label, locale) })) } : {}),
      ...(field.min !== undefined ? { min: field.min } : {}),
      ...(field.max !== undefined ? { max: field.max } : {}),
      ...(field.step !== undefined ? { step: field.step } : {}),
      ...(field.hidden ? { hidden: true } : {}),
      ...(field.prefill ? { prefill: field.prefill } : {}),
    })),
    consent: form.consent.map((item) => ({ kind: item.kind, text: pick(item.text, locale), version: pick(item.version, locale), required: item.required })),
    messages: form.messages[locale],
    theme: form.theme,
    css: buildFormCss(form.theme),
    submitLabel: pick(form.submitLabel, locale),
    success: {
      message: pick(form.success.message, locale),
      ...(form.success.redirectUrl ? { redirectUrl: form.success.redirectUrl } : {}),
    },
    tokenAge: { min: form.minTokenAgeMs, max: form.maxTokenAgeMs },
    // Only the provider and the public site key: the secret's variable and host names stay here.
    ...(form.bots.captcha ? { captcha: { provider: form.bots.captcha.provider, siteKey: form.bots.captcha.siteKey } } : {}),
  });
}
