/** The verdict on `GLEANTAP_BASE_URL`: the URL to call (no trailing slash), or why it is refused. */
export type BaseUrlResult = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** True for `localhost`, 127.0.0.0/8 and `[::1]` as the WHATWG URL parser writes them. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_IPV4.test(hostname);
}

/**
 * Checks the Gleantap base URL. Keys travel in headers on every call, so plain http is allowed
 * only to this machine (the sandbox). Reasons never repeat the value: it could hold credentials.
 */
export function checkBaseUrl(value: string): BaseUrlResult {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'is not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'must be an https URL' };
  if (url.username !== '' || url.password !== '' || value.includes('@')) {
    return { ok: false, reason: 'must not contain credentials; keys belong in GLEANTAP_API_KEY and GLEANTAP_SECRET_KEY' };
  }
  if (url.search !== '' || value.includes('?')) return { ok: false, reason: 'must not contain a query' };
  if (url.hash !== '' || value.includes('#')) return { ok: false, reason: 'must not contain a fragment' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, reason: 'must use https (http is allowed only for loopback hosts: localhost, 127.0.0.0/8, [::1])' };
  }
  // Normalised without a trailing slash so the client can append `/v2/ExternalApi/…`.
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}
