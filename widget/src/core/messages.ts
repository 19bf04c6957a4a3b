import type { LocalizedText, PageTextKey } from '@gleantap-capture/shared';
import { PAGE_TEXTS } from '@gleantap-capture/shared/messages/page-texts.ts';
import { pickLocale } from './locale.ts';

/**
 * The few texts shown before any form definition is known (popup frame, a refused page).
 * Every other text arrives in the definition, resolved by the proxy for each locale.
 */
export function pageMessages(locale: string | undefined): Readonly<Record<PageTextKey, string>> {
  return PAGE_TEXTS[pickLocale([locale, document.documentElement.lang, navigator.language], ['en', 'es']) as 'en' | 'es'];
}

/** Fills `{count}` / `{seconds}` placeholders. */
export function format(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A localized text in this locale, else the form's first locale, else any. */
export function pick(text: LocalizedText | undefined, locale: string, fallback: string): string {
  if (!text) return '';
  return text[locale] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}
