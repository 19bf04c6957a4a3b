import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error.ts';
import { submissionFingerprint } from './fingerprint.ts';

const deep = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

describe('the idempotency fingerprint', () => {
  it('is the same hash as before for the same content, whatever the key order (stored records stay comparable)', () => {
    const fields = { first_name: 'Ada', email: 'ada@example.com', b: [1, { z: 1, a: [2, 'x'] }], '10': 1, '2': 2 };
    // Pinned from the recursive version this replaces.
    expect(submissionFingerprint(fields, { sms: { version: 'abc' } })).toBe('07577cce059c8e3982b2642fa4f6e57cc7455015d95887dc268db9f8fa3ff2a4');
    expect(submissionFingerprint({ b: fields.b, email: 'ada@example.com', '2': 2, first_name: 'Ada', '10': 1 }, { sms: { version: 'abc' } })).toBe(
      submissionFingerprint(fields, { sms: { version: 'abc' } }),
    );
  });

  it('refuses a value nested too deep as a bad body instead of overflowing the stack', () => {
    let thrown: unknown;
    try {
      submissionFingerprint({ first_name: deep(20_000) }, undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect((thrown as HttpError).code).toBe('invalid_body');
    expect(submissionFingerprint({ first_name: deep(10) }, undefined)).toMatch(/^[0-9a-f]{64}$/);
  });
});
