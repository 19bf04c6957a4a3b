import fc from 'fast-check';
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.ts';

const now = new Date('2025-01-01T00:00:00Z');
const answer = (status: number, headers: Record<string, string> = {}, body?: string) => classify({ kind: 'response', status, headers, body }, now);
const failure = (error: unknown) => classify({ kind: 'error', error }, now);

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('classify: answers', () => {
  it('only a 2xx saying "status":"success" is a success; _id becomes the contact id only when it is a non-empty string', () => {
    expect(answer(200, {}, '{"status":"success","_id":"64b7f0c2a1b2c3d4e5f60718"}')).toEqual({ ok: true, status: 200, contactId: '64b7f0c2a1b2c3d4e5f60718' });
    expect(answer(201, {}, '{"status":"success","_id":42}')).toEqual({ ok: true, status: 201, contactId: undefined });
    expect(answer(200, {}, '{"status":"success"}')).toEqual({ ok: true, status: 200, contactId: undefined });
  });

  it("a 2xx with another status is a permanent refusal that keeps Gleantap's message", () => {
    expect(answer(200, {}, '{"status":"error","message":"Invalid app_id"}')).toEqual({
      ok: false,
      retryable: false,
      reason: 'rejected',
      status: 200,
      retryAfterMs: undefined,
      message: 'Invalid app_id',
    });
    expect(answer(200, {}, '{"status":"failed"}')).toMatchObject({ ok: false, retryable: false, reason: 'rejected', message: undefined });
    expect(answer(202, {}, '{"status":false,"message":"no"}')).toMatchObject({ ok: false, reason: 'rejected', message: 'no' });
  });

  it('a 2xx that confirms nothing (no body, not JSON, no status) is unconfirmed and retried', () => {
    for (const body of [undefined, '', 'OK', 'null', '[]', '{"_id":"abc"}', '{"status":"succ']) {
      expect(answer(200, {}, body), String(body)).toEqual({ ok: false, retryable: true, reason: 'unconfirmed', status: 200, retryAfterMs: undefined });
    }
    expect(answer(204)).toMatchObject({ ok: false, retryable: true, reason: 'unconfirmed', status: 204 });
  });

  it('an optin 2xx is sent unless its body says otherwise: the vendor documents no success body, and a retry is a second SMS', () => {
    const optin = (body: string | undefined) => classify({ kind: 'response', status: 200, headers: {}, body }, now, { endpoint: 'optin' });
    expect(optin(undefined)).toEqual({ ok: true, status: 200, contactId: undefined });
    expect(optin('OK')).toEqual({ ok: true, status: 200, contactId: undefined });
    expect(optin('{"status":"success"}')).toEqual({ ok: true, status: 200, contactId: undefined });
    expect(optin('{"status":"error","message":"Age restriction"}')).toMatchObject({ ok: false, retryable: false, reason: 'rejected', message: 'Age restriction' });
  });

  it("keeps Gleantap's message at most 500 characters, without control characters or keys", () => {
    const long = `${'x'.repeat(600)}`;
    expect(answer(400, {}, JSON.stringify({ status: 'error', message: long }))).toMatchObject({ message: 'x'.repeat(500) });
    const hostile = { status: 'error', message: 'bad\u0000 key\r\nKEY-1234\u202e here' };
    const outcome = classify({ kind: 'response', status: 200, headers: {}, body: JSON.stringify(hostile) }, now, { secrets: ['KEY-1234'] });
    expect(outcome).toMatchObject({ reason: 'rejected', message: 'bad key [redacted] here' });
    expect(answer(500, {}, '{"status":"error","message":"  "}')).toMatchObject({ reason: 'http_5xx', message: undefined });
  });

  it('status classes map to the documented reasons (property over all statuses)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
        const outcome = answer(status);
        if (outcome.ok) return false;
        if (status >= 200 && status < 300) return outcome.reason === 'unconfirmed' && outcome.retryable;
        const expected =
          status === 408
            ? ['http_408', true]
            : status === 429
              ? ['http_429', true]
              : status >= 500
                ? ['http_5xx', true]
                : status >= 300 && status < 400
                  ? ['redirect', false]
                  : status === 401 || status === 403
                    ? ['unauthorized', false]
                    : status >= 400
                      ? ['rejected', false]
                      : ['invalid_response', true];
        return outcome.reason === expected[0] && outcome.retryable === expected[1] && outcome.status === status;
      }),
    );
  });

  it('reads Retry-After on retryable answers only', () => {
    expect(answer(429, { 'retry-after': '2' })).toMatchObject({ reason: 'http_429', retryAfterMs: 2000 });
    expect(answer(503, { 'retry-after': 'Wed, 01 Jan 2025 00:01:00 GMT' })).toMatchObject({ retryAfterMs: 60_000 });
    expect(answer(429, { 'retry-after': 'soon' })).toMatchObject({ reason: 'http_429', retryAfterMs: undefined });
    expect(answer(400, { 'retry-after': '2' })).toMatchObject({ reason: 'rejected', retryAfterMs: undefined });
  });

  it('never carries the upstream body, only its message', () => {
    const outcome = answer(500, {}, 'secret-looking upstream body');
    expect(JSON.stringify(outcome)).not.toContain('secret-looking');
    expect(JSON.stringify(answer(400, {}, '{"status":"error","message":"m","echo":"secret-looking"}'))).not.toContain('secret-looking');
  });
});

describe('classify: transport errors', () => {
  it.each([
    ['undici headers timeout', new errors.HeadersTimeoutError(), 'timeout'],
    ['undici body timeout', new errors.BodyTimeoutError(), 'timeout'],
    ['undici connect timeout', new errors.ConnectTimeoutError(), 'timeout'],
    ['AbortSignal.timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'timeout'],
    ['ECONNRESET', systemError('ECONNRESET'), 'connection_reset'],
    ['undici socket error', new errors.SocketError('other side closed'), 'connection_reset'],
    ['EPIPE', systemError('EPIPE'), 'connection_reset'],
    ['ECONNREFUSED', systemError('ECONNREFUSED'), 'connection_failed'],
    ['DNS failure', systemError('ENOTFOUND'), 'connection_failed'],
    ['wrapped ECONNREFUSED', new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') }), 'connection_failed'],
    ['happy-eyeballs AggregateError', new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]), 'connection_failed'],
    ['HTTP parser error', Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_CONSTANT' }), 'invalid_response'],
    ['something unforeseen', new Error('weird'), 'connection_failed'],
  ])('%s is retryable %s', (_name, error, reason) => {
    expect(failure(error)).toEqual({ ok: false, retryable: true, reason, status: undefined, retryAfterMs: undefined });
  });

  it('survives a cause cycle', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(failure(error)).toMatchObject({ ok: false, retryable: true });
  });
});
