/**
 * The request URL as it may be logged: the path, plus only `utm_*` query parameters.
 * Anything else in a query string could be personal data a site pasted into a link.
 */
export function loggableUrl(originalUrl: string): string {
  const queryStart = originalUrl.indexOf('?');
  if (queryStart === -1) return originalUrl;
  const path = originalUrl.slice(0, queryStart);
  const kept = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(originalUrl.slice(queryStart + 1))) {
    if (key.startsWith('utm_')) kept.append(key, value);
  }
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}
