import type { LocalizedText, MessageKey, Messages, PartialMessages } from '@gleantap-capture/shared';
import { en } from '@gleantap-capture/shared/messages/en.ts';
import { es } from '@gleantap-capture/shared/messages/es.ts';
import { pickLocale } from './locale.ts';

const BUILT_IN: Readonly<Record<string, Messages>> = { en, es };

/** The messages for a locale: built-in texts for its language (English otherwise), then the owner's overrides. */
export function messagesFor(locale: string, overrides: Readonly<Record<string, PartialMessages>>): Messages {
  const base = BUILT_IN[locale.split('-')[0]?.toLowerCase() ?? 'en'] ?? en;
  const own = overrides[locale] ?? {};
  const merged: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(own)) if (typeof value === 'string') merged[key] = value;
  return merged as Messages;
}

/** Built-in messages for a page before any form definition is known (popup frame, refusals). */
export function pageMessages(locale: string | undefined): Messages {
  return messagesFor(pickLocale([locale, document.documentElement.lang, navigator.language], ['en', 'es']), {});
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

export type { MessageKey };
