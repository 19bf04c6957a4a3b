/**
 * The locale to show: the requested one (data-locale, else the page's `lang`, else the
 * browser's), matched exactly, then by language, against the form's locales; else the form's first.
 */
export function pickLocale(requested: readonly (string | null | undefined)[], available: readonly string[]): string {
  const lower = available.map((locale) => locale.toLowerCase());
  for (const wish of requested) {
    if (!wish) continue;
    const want = wish.toLowerCase();
    const exact = lower.indexOf(want);
    if (exact !== -1) return available[exact] as string;
    const base = want.split('-')[0] as string;
    const byLanguage = lower.findIndex((locale) => locale === base || locale.split('-')[0] === base);
    if (byLanguage !== -1) return available[byLanguage] as string;
  }
  return available[0] ?? 'en';
}
