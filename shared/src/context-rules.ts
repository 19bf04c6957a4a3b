import { hasForbiddenCharacters, normaliseText } from './fields/text-rules.ts';
import { LOCALE_PATTERN } from './names.ts';
import type { ContextKey } from './submission.ts';

/**
 * The rules a submission's `context` values obey beyond the field text rules: where they end
 * up (a Gleantap attribute, an export opened in a spreadsheet) decides what may pass.
 *
 * Context is collected by the browser, not typed by the visitor, so a value that breaks a rule
 * costs the lead nothing: it is dropped (or, for a formula-like UTM value, defused) and the
 * submission is kept. A real visitor may arrive from an `android-app://` referrer or through a
 * campaign link tagged `utm_campaign=-20%`, and must never be refused for it.
 */

/** The most any context value may hold, as sent and as stored. */
export const CONTEXT_VALUE_MAX_LENGTH = 2048;

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

/** A value a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, a tab or a CR. */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value);
}

/** A locale tag as the widget sends it (`en`, `pt-BR`), at most 35 characters. */
export function isContextLocale(value: string): boolean {
  return value.length <= CONTEXT_LOCALE_MAX_LENGTH && LOCALE_PATTERN.test(value);
}

/**
 * The value stored for a context key, or `''` ("not given") when the value cannot be kept:
 * text rules first (controls, bidi overrides, lone surrogates, invisible characters: dropped),
 * then page and referrer as cleaned http(s) URLs (anything else dropped), the locale as a short
 * tag (else dropped), and UTM values that would run as a spreadsheet formula prefixed with `'`,
 * the usual way to make a cell plain text, so the campaign is kept and defused.
 */
export function cleanContextValue(key: ContextKey, value: string): string {
  if (hasForbiddenCharacters(value)) return '';
  const text = normaliseText(value);
  if (text === '') return '';
  if (key === 'page_url' || key === 'referrer') {
    const url = cleanPageUrl(text);
    // Cleaning percent-encodes; what is stored must fit too.
    return url !== undefined && url.length <= CONTEXT_VALUE_MAX_LENGTH ? url : '';
  }
  if (key === 'locale') return isContextLocale(text) ? text : '';
  return looksLikeFormula(text) ? `'${text}`.slice(0, CONTEXT_VALUE_MAX_LENGTH) : text;
}
