import { createHash } from 'node:crypto';
import { HttpError } from '../http/http-error.ts';
import { MAX_SUBMISSION_DEPTH } from './json-depth.ts';

type Container = Record<string, unknown> | unknown[];

/**
 * The same content with every object's keys sorted, so it always serialises the same way.
 * Iterative with a depth limit: a recursive copy of a deeply nested value overflowed the stack
 * (a 500 that also told a bot its honeypot had been seen). Parsing already refuses such bodies;
 * this holds even if a caller forgets.
 */
function canonical(root: unknown): unknown {
  const holder: unknown[] = [undefined];
  const pending: Array<readonly [source: unknown, target: Container, key: string | number, depth: number]> = [[root, holder, 0, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, target, key, depth] = next;
    if (typeof source !== 'object' || source === null) {
      (target as Record<string | number, unknown>)[key] = source;
      continue;
    }
    if (depth >= MAX_SUBMISSION_DEPTH) throw new HttpError('invalid_body');
    if (Array.isArray(source)) {
      const copy: unknown[] = new Array<unknown>(source.length);
      (target as Record<string | number, unknown>)[key] = copy;
      source.forEach((item, index) => {
        pending.push([item, copy, index, depth + 1]);
      });
      continue;
    }
    const copy: Record<string, unknown> = Object.create(null);
    (target as Record<string | number, unknown>)[key] = copy;
    const keys = Object.keys(source).sort();
    // Keys are placed in sorted order first; filling them later keeps that order.
    for (const name of keys) copy[name] = null;
    for (const name of keys) pending.push([(source as Record<string, unknown>)[name], copy, name, depth + 1]);
  }
  return holder[0];
}

/**
 * What idempotency compares (docs/contract.md §3): the fields and consent, normalised when they
 * validated (so `Ada@Example.com` and `ada@example.com` are the same intent), as sent otherwise.
 * `token`, `hp` and `context` are left out. A SHA-256, so the row keeps no readable copy.
 */
export function submissionFingerprint(fields: unknown, consent: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical({ fields, consent: consent ?? null })))
    .digest('hex');
}
