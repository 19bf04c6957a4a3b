import type { NewContactBody, OptinBody } from '@gleantap-capture/shared';
import type { ResolvedForm } from '../config/config.ts';
import { buildContact } from './build-contact.ts';
import { buildOptin } from './build-optin.ts';
import type { ContactDraft } from './job.ts';

/**
 * The newContact body (and the optin body, where the form asks for one) of a valid submission.
 * Used at acceptance and again by `outbox retry` of an `invalid_contact` lead, with the config
 * of the running proxy. Throws when the form cannot produce a valid body.
 */
export function buildBodies(form: ResolvedForm, submissionId: string, draft: ContactDraft): { contact: NewContactBody; optin: OptinBody | undefined } {
  const contact = buildContact({
    form,
    values: draft.values,
    consent: draft.consent,
    context: draft.context,
    submissionId,
    acceptedAt: new Date(draft.acceptedAt),
  });
  return { contact, optin: buildOptin(form, contact, draft.consent.sms !== undefined) };
}

const MAX_PROBLEM = 300;

/**
 * What went wrong building a body, for a log line and `outbox list`: schema paths and issue
 * codes (`last_name: invalid_type`), or the error's class. Never an error message, which could
 * quote a visitor's value.
 */
export function describeBuildFailure(error: unknown): string {
  const issues: unknown = typeof error === 'object' && error !== null ? (error as { issues?: unknown }).issues : undefined;
  if (Array.isArray(issues) && issues.length > 0) {
    const parts = issues.map((issue: { path?: unknown; code?: unknown }) => {
      const path = Array.isArray(issue.path) && issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
      return `${path}: ${typeof issue.code === 'string' ? issue.code : 'invalid'}`;
    });
    return `newContact body invalid: ${parts.join(', ')}`.slice(0, MAX_PROBLEM);
  }
  const name = error instanceof Error ? error.name : typeof error;
  return `body could not be built (${name})`.slice(0, MAX_PROBLEM);
}
