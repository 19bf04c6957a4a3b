/** At most this many tags of `?locale=` are read; a longer list is cut, never refused. */
export const MAX_LOCALE_TAGS = 8;
const TAG = /^[A-Za-z0-9-]{1,35}$/;

/**
 * The form locale for a visitor's `?locale=` list (BCP 47 tags, most preferred first): the
 * first tag equal to a form locale (case-insensitive), else the first whose primary language
 * matches one, else the form's first locale. Malformed tags are skipped, never an error.
 */
export function pickLocale(requested: unknown, locales: readonly string[]): string {
  const fallback = locales[0] ?? 'en';
  if (typeof requested !== 'string') return fallback;
  const tags = requested
    .split(',', MAX_LOCALE_TAGS)
    .map((tag) => tag.trim())
    .filter((tag) => TAG.test(tag))
    .map((tag) => tag.toLowerCase());
  const lowered = locales.map((locale) => locale.toLowerCase());
  for (const tag of tags) {
    const index = lowered.indexOf(tag);
    if (index !== -1) return locales[index] ?? fallback;
  }
  const language = (tag: string) => tag.split('-')[0];
  for (const tag of tags) {
    const index = lowered.findIndex((locale) => language(locale) === language(tag));
    if (index !== -1) return locales[index] ?? fallback;
  }
  return fallback;
}
