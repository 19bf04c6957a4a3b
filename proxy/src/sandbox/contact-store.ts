import { randomBytes } from 'node:crypto';
import type { NewContactBody } from '@gleantap-capture/shared';
import { findMatchingContact } from './contact-matching.ts';

/** A contact as the sandbox shows it: every field sent, plus `_id` and ISO timestamps. */
export type SandboxContact = Record<string, unknown> & {
  _id: string;
  app_id: string;
  created_at: string;
  updated_at: string;
};

interface StoredContact {
  readonly id: string;
  readonly appId: string;
  readonly fields: Record<string, unknown>;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** The sandbox's contacts, with Gleantap's create-or-update semantics. */
export interface ContactStore {
  /** Creates a contact or merges `body` into the one it matches; returns the contact's stable id. */
  upsert(body: NewContactBody): { id: string; created: boolean };
  /** Every contact of every app, oldest first. */
  all(): SandboxContact[];
  /** The contacts of one app, oldest first, at most `limit`. */
  forApp(appId: string, limit: number): SandboxContact[];
  clear(): void;
}

function render(contact: StoredContact): SandboxContact {
  // Metadata goes last so a custom attribute can never masquerade as `_id` or a timestamp.
  return {
    ...contact.fields,
    _id: contact.id,
    app_id: contact.appId,
    created_at: contact.createdAt.toISOString(),
    updated_at: contact.updatedAt.toISOString(),
  };
}

/** Creates an empty contact store reading time from `now`. */
export function createContactStore(now: () => Date): ContactStore {
  // Insertion order of the Map is the creation order that `all()` and `forApp()` promise.
  const contacts = new Map<string, StoredContact>();

  function newId(): string {
    // 24 hex characters, like the vendor's Mongo-style ids; checked for the (theoretical) clash.
    let id = randomBytes(12).toString('hex');
    while (contacts.has(id)) id = randomBytes(12).toString('hex');
    return id;
  }

  return {
    upsert(body) {
      const match = findMatchingContact(contacts.values(), body);
      const at = now();
      if (match !== undefined) {
        Object.assign(match.fields, body);
        match.updatedAt = at;
        return { id: match.id, created: false };
      }
      const contact: StoredContact = { id: newId(), appId: body.app_id, fields: { ...body }, createdAt: at, updatedAt: at };
      contacts.set(contact.id, contact);
      return { id: contact.id, created: true };
    },
    all() {
      return [...contacts.values()].map(render);
    },
    forApp(appId, limit) {
      const found: SandboxContact[] = [];
      for (const contact of contacts.values()) {
        if (found.length >= limit) break;
        if (contact.appId === appId) found.push(render(contact));
      }
      return found;
    },
    clear() {
      contacts.clear();
    },
  };
}
