import { warn } from '../core/api-client.ts';

/**
 * The proxy's base URL from the script's own `src`: the URL minus its trailing `widget.js`
 * or `widget/<file>`, so a proxy served under a path prefix works without configuration.
 */
export function endpointFromScript(src: string, base: string): string {
  // `.` resolves to the script's folder, dropping the file name, query and fragment.
  const folder = new URL('.', new URL(src, base));
  return (folder.pathname.endsWith('/widget/') ? new URL('..', folder) : folder).href;
}

/**
 * `wanted` when it lies on the same origin as the `trusted` endpoint (page markup may pick a
 * path on the widget's own proxy), else `trusted`, with one console line for the owner.
 */
export function sameOrigin(wanted: string | null, trusted: string, base: string): string {
  if (!wanted) return trusted;
  const origin = new URL(trusted, base).origin;
  try {
    if (new URL(wanted, base).origin === origin) return wanted;
  } catch {
    /* not a URL: ignored like any other server */
  }
  warn(`ignored endpoint "${wanted}": not on ${origin}`);
  return trusted;
}
