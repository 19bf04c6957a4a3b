/**
 * The visitor's locales in order of preference, for `?locale=`: the embed's own (data-locale,
 * option), the page's `lang`, then the browser's. The proxy picks among the form's locales;
 * only well-formed tags are sent, each once (tags are case-insensitive), at most the 8 it reads.
 */
export function preferredLocales(explicit: string | undefined): string[] {
  const seen = new Set<string>();
  return [explicit, document.documentElement.lang, ...navigator.languages]
    .filter((tag): tag is string => {
      if (!tag || !/^[A-Za-z0-9-]{1,35}$/.test(tag) || seen.has(tag.toLowerCase())) return false;
      seen.add(tag.toLowerCase());
      return true;
    })
    .slice(0, 8);
}
