/**
 * The proxy's base URL from the script's own `src`: the URL minus its trailing `widget.js`
 * or `widget/<file>`, so a proxy served under a path prefix works without configuration.
 */
export function endpointFromScript(src: string, base: string): string {
  // `.` resolves to the script's folder, dropping the file name, query and fragment.
  const folder = new URL('.', new URL(src, base));
  return (folder.pathname.endsWith('/widget/') ? new URL('..', folder) : folder).href;
}
