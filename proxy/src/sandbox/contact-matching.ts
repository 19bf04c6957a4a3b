/** What the matcher needs to know about a stored contact. */
export interface MatchableContact {
  readonly appId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function folded(value: unknown): string | undefined {
  return text(value)?.toLowerCase();
}

/**
 * Finds the contact a `newContact` body updates, in Gleantap's documented order: `user_id`, then
 * email + first name, then phone + first name, always within the same `app_id`. Email and first
 * name compare case-insensitively; phone compares as sent (the proxy already sends E.164).
 */
export function findMatchingContact<T extends MatchableContact>(contacts: Iterable<T>, body: Readonly<Record<string, unknown>>): T | undefined {
  const appId = body['app_id'];
  const sameApp = [...contacts].filter((contact) => contact.appId === appId);
  const userId = text(body['user_id']);
  const email = folded(body['email']);
  const phone = text(body['phone']);
  const firstName = folded(body['first_name']);

  if (userId !== undefined) {
    const byUserId = sameApp.find((contact) => text(contact.fields['user_id']) === userId);
    if (byUserId !== undefined) return byUserId;
  }
  if (firstName === undefined) return undefined;
  if (email !== undefined) {
    const byEmail = sameApp.find((contact) => folded(contact.fields['email']) === email && folded(contact.fields['first_name']) === firstName);
    if (byEmail !== undefined) return byEmail;
  }
  if (phone !== undefined) {
    return sameApp.find((contact) => text(contact.fields['phone']) === phone && folded(contact.fields['first_name']) === firstName);
  }
  return undefined;
}
