import type { DeliveryOutcome, FailureReason } from './delivery-outcome.ts';
import { parseRetryAfter } from './retry-after.ts';
import { parseJson, vendorMessage } from './vendor-message.ts';

/** What came back from one call: an HTTP answer, or an error before or while reading it. */
export type UpstreamResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Readonly<Record<string, string | string[] | undefined>>;
      /** The body text if it could be read (capped); only its `status`, `_id` and `message` are used. */
      readonly body: string | undefined;
    }
  | { readonly kind: 'error'; readonly error: unknown };

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_INFO']);
const FAILED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const MALFORMED_CODES: ReadonlySet<string> = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_EXCEEDED_MAX_SIZE']);

/** Which call an answer belongs to: the rule for a 2xx differs for optin (see classifySuccess). */
export type Endpoint = 'newContact' | 'optin' | 'probe';

export interface ClassifyOptions {
  readonly endpoint?: Endpoint;
  /** Key values to scrub from Gleantap's message, should it ever echo one. */
  readonly secrets?: readonly string[];
}

function fail(reason: FailureReason, retryable: boolean, status?: number, retryAfterMs?: number, message?: string): DeliveryOutcome {
  return { ok: false, retryable, reason, status, retryAfterMs, message };
}

/** Codes and names of an error and everything it wraps (`cause`, AggregateError's `errors`). */
function signatures(error: unknown): Set<string> {
  const found = new Set<string>();
  const pending: unknown[] = [error];
  // Bounded: a cause cycle must not hang delivery.
  for (let seen = 0; pending.length > 0 && seen < 16; seen++) {
    const current = pending.shift();
    if (typeof current !== 'object' || current === null) continue;
    const { code, name, cause, errors } = current as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') found.add(code);
    if (typeof name === 'string') found.add(name);
    if (cause !== undefined) pending.push(cause);
    if (Array.isArray(errors)) pending.push(...errors);
  }
  return found;
}

function classifyError(error: unknown): DeliveryOutcome {
  const marks = signatures(error);
  const has = (codes: ReadonlySet<string>): boolean => [...marks].some((mark) => codes.has(mark));
  // `TimeoutError` is what AbortSignal.timeout() rejects with when the whole-call cap is hit.
  if (marks.has('TimeoutError') || has(TIMEOUT_CODES)) return fail('timeout', true);
  if (has(RESET_CODES)) return fail('connection_reset', true);
  if (has(FAILED_CODES)) return fail('connection_failed', true);
  if (has(MALFORMED_CODES) || [...marks].some((mark) => mark.startsWith('HPE_'))) return fail('invalid_response', true);
  // Unknown errors stay retryable: a lead must not be given up on because of a failure we did
  // not foresee; the dead-letter age bounds how long that can go on.
  return fail('connection_failed', true);
}

function contactIdOf(parsed: object): string | undefined {
  const id: unknown = (parsed as { _id?: unknown })._id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * A 2xx is only as good as its body. Gleantap documents success as `{"status":"success","_id":…}`
 * and answers some refusals (`Invalid app_id`) with a 2xx and `"status":"error"`: that is a
 * permanent no, kept with its message. A body that could not be read or parsed, or has no
 * `status`, confirms nothing: `unconfirmed`, retried, which is safe because newContact upserts
 * and every body carries `capture_submission_id`.
 *
 * Optin is the exception for the unconfirmed case. The vendor documents no success body for it,
 * and every optin call sends an SMS: a 2xx that does not say `error` means Gleantap took the
 * request, so it counts as sent rather than being retried into a second SMS (optin-policy.ts
 * would not repeat it anyway; this keeps the lead's optin `sent` instead of `unknown`).
 */
function classifySuccess(status: number, body: string | undefined, options: ClassifyOptions): DeliveryOutcome {
  const parsed = parseJson(body);
  const object = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
  const said: unknown = object === undefined ? undefined : (object as { status?: unknown }).status;
  if (object !== undefined && said === 'success') return { ok: true, status, contactId: contactIdOf(object) };
  if (said !== undefined) return fail('rejected', false, status, undefined, vendorMessage(object, options.secrets));
  if (options.endpoint === 'optin') return { ok: true, status, contactId: undefined };
  return fail('unconfirmed', true, status);
}

/**
 * The one place Gleantap answers and transport errors become retryable or permanent outcomes:
 * a 2xx saying `"status":"success"` is the only success (see classifySuccess); 408, 429, 5xx,
 * timeouts, resets, connection failures and unconfirmed 2xx are retryable; 401/403
 * `unauthorized`, other 4xx, 2xx `"status":"error"` `rejected` and 3xx `redirect` permanent.
 * Failures carry Gleantap's `message` when its answer had one.
 */
export function classify(result: UpstreamResult, now: Date, options: ClassifyOptions = {}): DeliveryOutcome {
  if (result.kind === 'error') return classifyError(result.error);
  const { status } = result;
  if (status >= 200 && status < 300) return classifySuccess(status, result.body, options);
  const message = vendorMessage(parseJson(result.body), options.secrets);
  const retryAfterMs = parseRetryAfter(result.headers['retry-after'], now);
  if (status === 408) return fail('http_408', true, status, retryAfterMs, message);
  if (status === 429) return fail('http_429', true, status, retryAfterMs, message);
  if (status >= 500 && status < 600) return fail('http_5xx', true, status, retryAfterMs, message);
  // Redirects are never followed: the keys must not travel to a host nobody configured.
  if (status >= 300 && status < 400) return fail('redirect', false, status, undefined, message);
  if (status === 401 || status === 403) return fail('unauthorized', false, status, undefined, message);
  if (status >= 400 && status < 500) return fail('rejected', false, status, undefined, message);
  // 1xx as a final status or a code beyond 599: not HTTP as Gleantap speaks it; maybe a glitch.
  return fail('invalid_response', true, status, retryAfterMs, message);
}
