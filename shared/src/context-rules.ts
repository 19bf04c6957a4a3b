import { LOCALE_PATTERN } from './names.ts';

/**
 * The rules a submission's `context` values obey beyond the field text rules: where they end
 * up (a Gleantap attribute, an export opened in a spreadsheet) decides what may pass.
 */

/** A locale tag is short: BCP 47 advises supporting at least 35 characters, and no form needs more. */
export const CONTEXT_LOCALE_MAX_LENGTH = 35;

/**
 * A page or referrer URL as it may be stored: `http:`/`https:` only (never `javascript:`,
 * `data:` …), without credentials or fragment, and with only the `utm_*` query parameters;
 * anything else in a query string could be personal data a site put into a link.
 * `undefined` when the value is not such a URL.
 */
export function cleanPageUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  url.hash = '';
  url.search = new URLSearchParams([...url.searchParams].filter(([key]) => key.startsWith('utm_'))).toString();
  return url.href;
}

/** A value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or CR before one). */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value);
}

/** A locale tag as the widget sends it (`en`, `pt-BR`), at most 35 characters. */
export function isContextLocale(value: string): boolean {
  return value.length <= CONTEXT_LOCALE_MAX_LENGTH && LOCALE_PATTERN.test(value);
}
