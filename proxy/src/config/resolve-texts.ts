import { type FormConfig, MESSAGE_KEYS, type Messages, resolveMessages } from '@gleantap-capture/shared';
import type { ConfigProblem } from './config.ts';
import { own } from './own.ts';
import { problem } from './problems.ts';

/** Languages with a built-in message catalogue; any other locale is written by the owner. */
const BUILT_IN_LANGUAGES: ReadonlySet<string> = new Set(['en', 'es']);

/**
 * Every message in every locale of the form: the built-in catalogue of the locale's language
 * with the owner's overrides. A locale whose language has no catalogue is configuration only,
 * so the owner's `messages.<locale>` must hold every key; the missing ones are named.
 */
export function resolveFormMessages(messages: FormConfig['messages'], locales: readonly string[], formPath: string, problems: ConfigProblem[]): Record<string, Messages> {
  const resolved: Record<string, Messages> = {};
  for (const locale of locales) {
    const overrides = own(messages, locale);
    const language = locale.split('-')[0]?.toLowerCase() ?? '';
    if (!BUILT_IN_LANGUAGES.has(language)) {
      const missing = MESSAGE_KEYS.filter((key) => overrides?.[key] === undefined);
      if (missing.length > 0) {
        problems.push(problem(`${formPath}.messages.${locale}`, `missing ${missing.length} of ${MESSAGE_KEYS.length} messages (built-in catalogues exist only for en and es): ${missing.join(', ')}`));
      }
    }
    resolved[locale] = resolveMessages(locale, overrides);
  }
  return resolved;
}

/** A text in every locale: the form's own where it has one, else the resolved message `key`. */
export function resolveText(
  configured: Readonly<Record<string, string>> | undefined,
  messages: Readonly<Record<string, Messages>>,
  key: 'submit' | 'success',
  locales: readonly string[],
): Record<string, string> {
  const text: Record<string, string> = {};
  for (const locale of locales) {
    const value = own(configured, locale) ?? own(messages, locale)?.[key];
    if (value !== undefined) text[locale] = value;
  }
  return text;
}

/** An optional text (heading, intro): undefined when not configured, else every locale or a problem per missing one. */
export function resolveOptionalText(configured: Readonly<Record<string, string>> | undefined, locales: readonly string[], path: string, problems: ConfigProblem[]): Record<string, string> | undefined {
  if (configured === undefined) return undefined;
  const text: Record<string, string> = {};
  for (const locale of locales) {
    const value = own(configured, locale);
    if (value !== undefined) text[locale] = value;
    else problems.push(problem(`${path}.${locale}`, 'missing: every locale of the form needs this text'));
  }
  return text;
}
