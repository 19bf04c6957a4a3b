/**
 * Appends an API path to a base URL that may carry a path prefix (`https://gw.example/gleantap/`),
 * keeping exactly one slash between them. Refuses what must never be in a base URL: a scheme
 * other than http(s), credentials (they would leak into logs), a query or a fragment.
 */
export function joinUrl(baseUrl: string, path: string): URL {
  const base = new URL(baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('Gleantap base URL must be http(s)');
  if (base.username !== '' || base.password !== '') throw new Error('Gleantap base URL must not contain credentials');
  if (base.search !== '' || base.hash !== '') throw new Error('Gleantap base URL must not have a query or fragment');
  const prefix = base.pathname.replace(/\/+$/, '');
  return new URL(`${prefix}/${path.replace(/^\/+/, '')}`, base.origin);
}
