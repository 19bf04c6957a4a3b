/**
 * The proxy's base URL from the script's own `src`: the URL minus its trailing `widget.js`
 * or `widget/<file>`, so a proxy served under a path prefix works without configuration.
 */
export function endpointFromScript(src: string, base: string): string {
  const url = new URL(src, base);
  url.search = '';
  url.hash = '';
  const match = /(?:widget\.js|widget\/[^/]+)$/.exec(url.pathname);
  url.pathname = match ? url.pathname.slice(0, match.index) : url.pathname.replace(/[^/]*$/, '');
  return url.href;
}
