import { describe, expect, it } from 'vitest';
import type { BadRequest } from './cases.ts';
import { judge } from './judge.ts';
import type { Outcome } from './send.ts';

// The hostile client's oracle must be able to fail: fed the answers a broken proxy would give,
// it refuses each one.
const request: BadRequest = {
  fault: 'invalid email',
  expected: 'invalid_fields',
  field: { name: 'email', codes: ['invalid_email'] },
  method: 'POST',
  path: '/v1/forms/trial/submissions',
  headers: { 'x-request-id': 'abc-123' },
  body: Buffer.from('{}'),
};
const answer = (status: number, body: unknown, requestId = 'abc-123'): Outcome => ({ kind: 'answer', status, headers: { 'x-request-id': requestId }, body: JSON.stringify(body) });
const fieldsError = (fields: Record<string, string>) => ({ error: { code: 'invalid_fields', message: 'm', fields } });

describe('the hostile-client oracle', () => {
  it('accepts the documented answer', () => {
    expect(judge(request, answer(400, fieldsError({ email: 'invalid_email' })))).toBe('answered');
  });

  it.each([
    ['a success', answer(202, { status: 'queued', id: 'x' })],
    ['a 5xx', answer(500, { error: { code: 'internal_error', message: 'm' } })],
    ['another code', answer(400, { error: { code: 'invalid_body', message: 'm' } })],
    ['a status that does not go with the code', answer(422, fieldsError({ email: 'invalid_email' }))],
    ['the wrong field verdict', answer(400, fieldsError({ email: 'required' }))],
    ['a body that is not the error shape', answer(400, { error: 'invalid_fields' })],
    ['a body that is not JSON', { kind: 'answer', status: 400, headers: { 'x-request-id': 'abc-123' }, body: '<html>' } as Outcome],
    ['a request id not echoed', answer(400, fieldsError({ email: 'invalid_email' }), 'other')],
    ['a close where an answer is due', { kind: 'closed', reason: 'reset' } as Outcome],
  ])('refuses %s', (_name, outcome) => {
    expect(() => judge(request, outcome)).toThrow();
  });

  it('wants a filled honeypot answered like a lead: 202 queued, never an error or a 5xx', () => {
    const dropped: BadRequest = { ...request, fault: 'invalid email (honeypot filled)', expected: 'dropped', field: undefined };
    expect(judge(dropped, answer(202, { status: 'queued', id: '0b6c0b6c-0b6c-4b6c-8b6c-0b6c0b6c0b6c' }))).toBe('answered');
    for (const outcome of [answer(400, fieldsError({ email: 'invalid_email' })), answer(500, { error: { code: 'internal_error', message: 'm' } }), answer(201, { status: 'created', id: 'x' })]) {
      expect(() => judge(dropped, outcome)).toThrow();
    }
    expect(() => judge(dropped, { kind: 'closed', reason: 'reset' })).toThrow();
  });

  it('allows a close only where the server may stop reading (413, 415, 408)', () => {
    expect(judge({ ...request, expected: 'payload_too_large', field: undefined }, { kind: 'closed', reason: 'reset' })).toBe('closed');
  });

  it('wants a 405 to name the methods the path’s contracts give, in Allow', () => {
    const wrongMethod: BadRequest = { ...request, fault: 'wrong method on submissions', expected: 'method_not_allowed', field: undefined, method: 'PUT' };
    const notAllowed = (allow: string): Outcome => ({
      kind: 'answer',
      status: 405,
      headers: { 'x-request-id': 'abc-123', allow },
      body: JSON.stringify({ error: { code: 'method_not_allowed', message: 'm' } }),
    });
    expect(judge(wrongMethod, notAllowed('POST, OPTIONS'))).toBe('answered');
    expect(() => judge(wrongMethod, notAllowed('GET, HEAD'))).toThrow(/Allow/);
  });

  it('refuses a code the contract of the endpoint reached does not list', () => {
    const definition: BadRequest = { ...request, fault: 'made up', expected: 'idempotency_conflict', field: undefined, method: 'GET', path: '/v1/forms/trial' };
    expect(() => judge(definition, answer(422, { error: { code: 'idempotency_conflict', message: 'm' } }))).toThrow(/not among the errors/);
    expect(judge({ ...definition, expected: 'origin_not_allowed' }, answer(403, { error: { code: 'origin_not_allowed', message: 'm' } }))).toBe('answered');
  });
});
