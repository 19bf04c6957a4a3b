/**
 * The visitor's locales in order of preference, for `?locale=`: the embed's own (data-locale,
 * option), the page's `lang`, then the browser's. The proxy picks among the form's locales;
 * only well-formed tags are sent, at most the 8 it reads.
 */
export function preferredLocales(explicit: string | undefined): string[] {
  return [explicit, document.documentElement.lang, ...navigator.languages].filter((tag): tag is string => !!tag && /^[A-Za-z0-9-]{1,35}$/.test(tag)).slice(0, 8);
}
