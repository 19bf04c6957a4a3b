/** The verdict on one origin: its normalised form, or why it cannot be allowed. */
export type OriginResult = { readonly ok: true; readonly origin: string } | { readonly ok: false; readonly reason: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const SHAPE = 'an origin is scheme://host[:port]';

const refuse = (reason: string): OriginResult => ({ ok: false, reason });

/**
 * Normalises an origin exactly as browsers send it in `Origin` (lower-case scheme and host,
 * default port dropped), or says why it is refused. Config and the CORS middleware both use
 * it, so a configured origin and a request's header compare as plain strings.
 */
export function normaliseOrigin(value: string): OriginResult {
  if (value === '') return refuse(`is empty; ${SHAPE}`);
  if (value === 'null') return refuse('the opaque origin "null" (sandboxed frames, file: pages) cannot be allowed');
  if (value.includes('*')) return refuse('wildcards are not allowed; list every origin exactly');
  if (/\s/.test(value)) return refuse('contains white space');
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return refuse(`has no scheme; ${SHAPE}`);
  if (scheme !== 'http' && scheme !== 'https') return refuse(`uses ${scheme}:, only http and https origins exist for web pages`);
  // Checked on the raw text because the URL parser forgives `https:host`, backslashes and a
  // bare `?`/`#`, and this must refuse what a browser would never send.
  const rest = value.slice(scheme.length + 1);
  if (!rest.startsWith('//')) return refuse(`is not ${SHAPE}`);
  const afterSlashes = rest.slice(2);
  const authorityEnd = afterSlashes.search(/[/?#\\]/);
  const authority = authorityEnd === -1 ? afterSlashes : afterSlashes.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : afterSlashes.slice(authorityEnd);
  if (authority.includes('@')) return refuse('contains user info (user@host); origins never carry credentials');
  if (tail.includes('?')) return refuse(`has a query; ${SHAPE}`);
  if (tail.includes('#')) return refuse(`has a fragment; ${SHAPE}`);
  if (tail.includes('\\')) return refuse(`contains a backslash; ${SHAPE}`);
  if (tail !== '' && tail !== '/') return refuse(`has a path; ${SHAPE}`);
  if (authority === '') return refuse(`has no host; ${SHAPE}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse(`is not a valid origin; ${SHAPE}`);
  }
  if (url.hostname === '') return refuse(`has no host; ${SHAPE}`);
  // URL#origin lower-cases scheme and host, punycodes IDNs and drops 80/443, as browsers do.
  return { ok: true, origin: url.origin };
}

/**
 * A request's `Origin` header normalised, read first against `known` (origins already
 * normalised, as config keeps them): browsers send the normalised form and a normalised origin
 * normalises to itself, so a header found there needs no URL parsing. This runs twice on every
 * form request.
 */
export function requestOrigin(header: string, known: ReadonlySet<string>): OriginResult {
  return known.has(header) ? { ok: true, origin: header } : normaliseOrigin(header);
}
