import { createHash } from 'node:crypto';

/** Recursively sorted keys, so the same content always serialises the same way. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) sorted[key] = canonical((value as Record<string, unknown>)[key]);
  return sorted;
}

/**
 * What idempotency compares (CONTRACT.md §3): the fields and consent, normalised when they
 * validated (so `Ada@Example.com` and `ada@example.com` are the same intent), as sent otherwise.
 * `token`, `hp` and `context` are left out. A SHA-256, so the row keeps no readable copy.
 */
export function submissionFingerprint(fields: unknown, consent: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical({ fields, consent: consent ?? null }))).digest('hex');
}
