import { ACCEPTED_STATUS, allowedMethods, ERROR_STATUS, ErrorBody, type ErrorCode, SubmissionAccepted } from '@gleantap-capture/shared';
import type { BadRequest } from './cases.ts';
import { contractOf, templateOf } from './contract-of.ts';
import type { Outcome } from './send.ts';

/** Answers after which the server may close instead, having read no (or not all of the) body. */
const MAY_CLOSE: ReadonlySet<ErrorCode> = new Set(['payload_too_large', 'unsupported_media_type', 'request_timeout']);
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A readable account of a case, so a failure can be replayed by hand. */
export function describeCase(request: BadRequest, outcome: Outcome): string {
  const body =
    request.body === undefined
      ? '(none)'
      : request.body.length > 600
        ? `${request.body.length} bytes: ${JSON.stringify(request.body.subarray(0, 300).toString('utf8'))}…`
        : JSON.stringify(request.body.toString('utf8'));
  const answer = outcome.kind === 'answer' ? `${outcome.status} ${outcome.body.slice(0, 500)}` : `connection closed (${outcome.reason})`;
  return `${request.fault}: ${request.method} ${request.path}${request.chunked ? ' (chunked)' : ''}\nheaders ${JSON.stringify(request.headers)}\nbody ${body}\nexpected ${request.expected}${request.field ? ` with fields.${request.field.name} ∈ ${request.field.codes.join('|')}` : ''}\ngot ${answer}`;
}

/** Checks one answer against the contract; throws with the whole case on any mismatch. */
export function judge(request: BadRequest, outcome: Outcome): 'answered' | 'closed' {
  const fail = (why: string): never => {
    throw new Error(`${why}\n${describeCase(request, outcome)}`);
  };
  if (outcome.kind === 'closed') {
    if (request.expected === 'dropped' || !MAY_CLOSE.has(request.expected)) fail('closed without an answer');
    return 'closed';
  }
  if (outcome.status >= 500) fail('a 5xx answer');
  if (request.expected === 'dropped') return judgeDropped(outcome, fail);
  if (outcome.status < 400) fail('a success answer to a bad request');
  if (outcome.status !== ERROR_STATUS[request.expected]) fail(`status ${outcome.status}, documented ${ERROR_STATUS[request.expected]} for ${request.expected}`);
  judgeAgainstContract(request, request.expected, outcome, fail);
  const requestId = outcome.headers['x-request-id'];
  if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) fail(`X-Request-Id ${String(requestId)} is not of the documented form`);
  const sentId = request.headers['x-request-id'];
  if (sentId !== undefined && REQUEST_ID.test(sentId) && requestId !== sentId) fail('a valid X-Request-Id was not echoed');
  if (request.method === 'HEAD') return 'answered';
  let json: unknown;
  try {
    json = JSON.parse(outcome.body);
  } catch {
    fail('the answer is not JSON');
  }
  const parsed = ErrorBody.safeParse(json);
  if (!parsed.success) return fail('the answer is not {error:{code,message,fields?}}');
  if (parsed.data.error.code !== request.expected) fail(`code ${parsed.data.error.code}, expected ${request.expected}`);
  if (request.field) {
    // Read from the raw JSON: a schema-parsed record would turn a `__proto__` key into a prototype.
    const rawFields = (json as { error: { fields?: object } }).error.fields ?? {};
    const reported = Object.getOwnPropertyDescriptor(rawFields, request.field.name)?.value as string | undefined;
    if (reported === undefined || !request.field.codes.includes(reported as never)) fail(`fields.${request.field.name} is ${String(reported)}`);
  }
  return 'answered';
}

/**
 * The endpoint contracts in shared/ must document the answer: a `405` names the path's methods
 * in `Allow`, and any other code (bar a route-level `404`, which reaches no endpoint) is one the
 * contract of the endpoint the request reached lists.
 */
function judgeAgainstContract(request: BadRequest, code: ErrorCode, outcome: Extract<Outcome, { kind: 'answer' }>, fail: (why: string) => never): void {
  if (code === 'not_found') return;
  const template = templateOf(request.path);
  if (code === 'method_not_allowed') {
    if (template === undefined) fail('405 on a path no endpoint contract has');
    const allow = allowedMethods(template).join(', ');
    if (outcome.headers['allow'] !== allow) fail(`Allow ${String(outcome.headers['allow'])}, the contracts give ${allow}`);
    return;
  }
  const endpoint = contractOf(request.method, request.path);
  if (!endpoint) return fail(`${request.method} ${request.path} reaches no endpoint contract, yet was answered ${code}`);
  if (!endpoint.errors.includes(code)) fail(`${code} is not among the errors the contract of ${endpoint.method} ${endpoint.path} lists`);
}

/** A filled honeypot is answered exactly like a lead that will be delivered later: `202 queued` with an id. */
function judgeDropped(outcome: Extract<Outcome, { kind: 'answer' }>, fail: (why: string) => never): 'answered' {
  if (outcome.status !== ACCEPTED_STATUS.queued) fail(`status ${outcome.status}, but a filled honeypot is answered ${ACCEPTED_STATUS.queued} like a lead`);
  let json: unknown;
  try {
    json = JSON.parse(outcome.body);
  } catch {
    fail('the answer is not JSON');
  }
  const parsed = SubmissionAccepted.safeParse(json);
  if (!parsed.success || parsed.data.status !== 'queued') fail('the answer is not {"status":"queued","id"}');
  return 'answered';
}
