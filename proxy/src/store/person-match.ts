import type { DbRow } from './rows.ts';

/**
 * One person as `outbox forget` and `outbox export --email|--phone` look for them: the email
 * trimmed and lowercased, the phone in E.164 (cli/commands/outbox-person.ts reads them).
 * `formId` narrows the search to one form.
 */
export interface PersonQuery {
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly formId?: string | undefined;
}

/** The stored JSON columns that can hold a visitor's email or phone. */
type Bodies = Pick<DbRow, 'contact' | 'optin' | 'draft'>;

const emailOf = (value: unknown): string | undefined => (typeof value === 'string' ? value.trim().toLowerCase() : undefined);
// Stored phones are E.164 already (the proxy normalises before storing); spacing is dropped
// anyway so a draft kept from an older release still matches.
const phoneOf = (value: unknown): string | undefined => (typeof value === 'string' ? value.replace(/[^\d+]/g, '') : undefined);

function records(row: Bodies): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  for (const text of [row.contact, row.optin]) if (text !== null) found.push(JSON.parse(text) as Record<string, unknown>);
  if (row.draft !== null) found.push((JSON.parse(row.draft) as { values?: Record<string, unknown> }).values ?? {});
  return found;
}

/**
 * Whether a row holds this person: the same email (case-insensitive) or the same phone in its
 * newContact body, its optin body or an `invalid_contact` lead's kept fields. Shared by the
 * SQLite and PostgreSQL stores, so both match exactly the same rows.
 */
export function matchesPerson(row: Bodies & Pick<DbRow, 'form_id'>, person: PersonQuery): boolean {
  if (person.formId !== undefined && row.form_id !== person.formId) return false;
  return records(row).some((record) => (person.email !== undefined && emailOf(record['email']) === person.email) || (person.phone !== undefined && phoneOf(record['phone']) === person.phone));
}
