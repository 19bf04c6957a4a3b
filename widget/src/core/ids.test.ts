import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('submission ids', () => {
  it('builds a v4 UUID from getRandomValues, which http:// pages have too (randomUUID they lack)', () => {
    // An http:// page: getRandomValues only, no randomUUID.
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const ids = new Set(Array.from({ length: 500 }, () => newId(insecure)));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(V4);
  });

  it('sets the version and variant bits whatever the random bytes are', () => {
    expect(
      newId({
        getRandomValues: <T>(array: T) => {
          (array as Uint8Array).fill(0xff);
          return array;
        },
      }),
    ).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(
      newId({
        getRandomValues: <T>(array: T) => {
          (array as Uint8Array).fill(0);
          return array;
        },
      }),
    ).toBe('00000000-0000-4000-8000-000000000000');
  });
});
