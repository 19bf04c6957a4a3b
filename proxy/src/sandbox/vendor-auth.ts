import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** Checks the `X-API-KEY` / `X-SECRET-KEY` pair of a request. */
export type KeyCheck = (req: Request) => boolean;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Builds a key check that compares in constant time, so the sandbox models good practice. */
export function createKeyCheck(keys: { apiKey: string; secretKey: string }): KeyCheck {
  const apiKey = digest(keys.apiKey);
  const secretKey = digest(keys.secretKey);
  const matches = (given: string | undefined, expected: Buffer): boolean => given !== undefined && timingSafeEqual(digest(given), expected);
  return (req) => {
    // Evaluate both so a wrong API key and a wrong secret take the same time.
    const apiOk = matches(req.get('x-api-key'), apiKey);
    const secretOk = matches(req.get('x-secret-key'), secretKey);
    return apiOk && secretOk;
  };
}
