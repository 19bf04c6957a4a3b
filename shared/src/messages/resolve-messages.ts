import { en } from './en.ts';
import { es } from './es.ts';
import type { Messages, PartialMessages } from './messages.ts';

const BUILT_IN: Readonly<Record<string, Messages>> = { en, es };

/** The messages for a locale: built-in texts for its language (English otherwise), then the owner's overrides. */
export function resolveMessages(locale: string, overrides: PartialMessages | undefined): Messages {
  const language = locale.split('-')[0]?.toLowerCase() ?? 'en';
  const base = Object.hasOwn(BUILT_IN, language) ? (BUILT_IN[language] as Messages) : en;
  const merged: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) if (typeof value === 'string') merged[key] = value;
  return merged as Messages;
}
