import type { OutboxConfig } from '@gleantap-capture/shared';
import { DEFAULT_TEST_FORMS_FILE } from './harness.ts';

/** The default test form with limits high enough for floods, and outbox settings for fast tests. */
export function formsWithOutbox(outbox: OutboxConfig, forms: Record<string, unknown> = DEFAULT_TEST_FORMS_FILE.forms): Record<string, unknown> {
  return { ...DEFAULT_TEST_FORMS_FILE, outbox, forms };
}

/** Upstream timeouts short enough that a `timeout` fault costs a fraction of a second. */
export const SHORT_UPSTREAM_ENV = {
  UPSTREAM_CONNECT_TIMEOUT_MS: '500',
  UPSTREAM_HEADERS_TIMEOUT_MS: '400',
  UPSTREAM_TIMEOUT_MS: '1000',
} as const;

/** A submission for the default form from a distinct person (so Gleantap never merges two leads). */
export function lead(tag: string | number, extra: Record<string, unknown> = {}): { id: string; fields: Record<string, string> } & Record<string, unknown> {
  return {
    id: crypto.randomUUID(),
    fields: { first_name: `Ada${tag}`, last_name: 'Lovelace', email: `ada.${tag}@example.com` },
    ...extra,
  };
}

/** A sandbox call as `/_sandbox/calls` lists it. */
export interface SandboxCall {
  readonly endpoint: string;
  readonly at: string;
  readonly status: number | null;
  readonly body: Record<string, unknown> | null;
}

/** newContact calls grouped by `capture_submission_id`, in arrival order. */
export function callsById(calls: readonly SandboxCall[], endpoint = 'newContact'): Map<string, SandboxCall[]> {
  const byId = new Map<string, SandboxCall[]>();
  for (const call of calls) {
    const id = call.body?.['capture_submission_id'];
    if (call.endpoint !== endpoint || typeof id !== 'string') continue;
    byId.set(id, [...(byId.get(id) ?? []), call]);
  }
  return byId;
}

/** How many stored contacts carry each submission id. */
export function contactsById(contacts: ReadonlyArray<Record<string, unknown>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const contact of contacts) {
    const id = contact['capture_submission_id'];
    if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
