import { createHash } from 'node:crypto';

/** The version of a consent text: the first 12 hex characters of the SHA-256 of its exact text. */
export function consentVersion(text: string): string {
  // Hashing the exact text shown means a reworded consent gets a new version, so a stored
  // grant always proves which words the visitor agreed to.
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}
