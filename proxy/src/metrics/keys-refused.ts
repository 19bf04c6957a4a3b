import type { OutboxListener } from '../outbox/outbox-events.ts';

/** Which forms' keys Gleantap refused on its last word about them. */
export interface KeysRefused {
  readonly listener: OutboxListener;
  /** Forms whose last newContact answer was 401/403, sorted. */
  forms(): readonly string[];
}

/**
 * Gleantap answers a refused key with 401/403, which classify.ts names `unauthorized`: permanent,
 * so the lead is dead-lettered with that last error. A form's keys count as refused from such a
 * dead letter until one of its leads is delivered (the keys work again: fixed, or rotated and
 * restarted). A refused optin alone does not count: the contact was created with those keys.
 */
export function createKeysRefused(): KeysRefused {
  const refused = new Set<string>();
  return {
    listener(event) {
      if (event.kind === 'dead' && event.lastError === 'unauthorized') refused.add(event.formId);
      else if (event.kind === 'delivered') refused.delete(event.formId);
    },
    forms: () => [...refused].sort(),
  };
}
