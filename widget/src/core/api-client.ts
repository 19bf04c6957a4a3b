import type { FieldErrors, Submission } from '@gleantap-capture/shared';
import { FORM_DEFINITION_PATH, SUBMISSIONS_PATH } from '@gleantap-capture/shared/contracts/paths.ts';
import type { Definition } from './definition.ts';

/** What a submission attempt came to, in the terms the form reacts to. */
export type SubmitResult =
  | { readonly kind: 'accepted'; readonly status: 'created' | 'queued' }
  | { readonly kind: 'invalid_fields'; readonly fields: FieldErrors }
  | { readonly kind: 'rate_limited'; readonly seconds: number }
  | { readonly kind: 'origin_not_allowed' }
  /** Network failure, timeout, 5xx, 503, or 409 (the same id still being decided): try again. */
  | { readonly kind: 'retry'; readonly code: string }
  | { readonly kind: 'failed'; readonly code: string };

/** One console line for the site owner: the page's visitors never read the console. */
export function warn(text: string): void {
  console.warn(`Gleantap Capture: ${text}`);
}

/** One console line for the site owner when the proxy refuses this page's origin. */
export function warnOriginNotAllowed(formId: string): void {
  warn(`add ${location.origin} to allowedOrigins of form "${formId}" on the proxy.`);
}

/** A form route's URL under the endpoint (which ends in `/`), from the contract's path template. */
function formUrl(endpoint: string, path: string, formId: string): string {
  return endpoint + path.slice(1).replace(':formId', encodeURIComponent(formId));
}

/**
 * `GET /v1/forms/:formId?locale=…`: the definition in the proxy's choice among `locales` (the
 * visitor's, in order), or the error code saying why there is none. No cookies travel: the
 * widget works the same on every site.
 */
export async function fetchDefinition(endpoint: string, formId: string, locales: readonly string[]): Promise<Definition | string> {
  try {
    const response = await fetch(`${formUrl(endpoint, FORM_DEFINITION_PATH, formId)}${locales.length ? `?locale=${locales}` : ''}`, { credentials: 'omit' });
    return response.ok ? ((await response.json()) as Definition) : (await readError(response)).code;
  } catch {
    return 'network_error';
  }
}

/** The `{error:{code,fields}}` of an error answer, or a code made from its status if it has none. */
async function readError(response: Response): Promise<{ code: string; fields: FieldErrors }> {
  let error: { code?: unknown; fields?: FieldErrors } | undefined;
  try {
    error = ((await response.json()) as { error?: typeof error }).error;
  } catch {
    // Not JSON (a front proxy's page, say): the status is all there is.
  }
  return { code: typeof error?.code === 'string' ? error.code : `http_${response.status}`, fields: error?.fields ?? {} };
}

/** `POST /v1/forms/:formId/submissions`; `keepalive` lets it finish if the visitor navigates away. */
export async function postSubmission(endpoint: string, formId: string, submission: Submission): Promise<SubmitResult> {
  let response: Response;
  try {
    response = await fetch(formUrl(endpoint, SUBMISSIONS_PATH, formId), {
      method: 'POST',
      credentials: 'omit',
      keepalive: true,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submission),
    });
  } catch {
    return { kind: 'retry', code: 'network_error' };
  }
  if (response.status === 201 || response.status === 202) {
    return { kind: 'accepted', status: response.status === 201 ? 'created' : 'queued' };
  }
  const { code, fields } = await readError(response);
  if (code === 'invalid_fields') return { kind: 'invalid_fields', fields };
  // Retry-After in whole seconds as the proxy sends it; a minute if it is missing or unreadable.
  const seconds = Number(response.headers.get('retry-after'));
  if (response.status === 429) return { kind: 'rate_limited', seconds: seconds > 0 && seconds < Infinity ? Math.ceil(seconds) : 60 };
  if (code === 'origin_not_allowed') return { kind: 'origin_not_allowed' };
  if (response.status >= 500 || response.status === 408 || response.status === 409) return { kind: 'retry', code };
  return { kind: 'failed', code };
}
