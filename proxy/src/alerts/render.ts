import type { AlertWebhookSettings } from '../config/resolve-alerts.ts';
import { alertForm } from './alert-event.ts';
import type { Release } from './fold.ts';

/** The generic payload's version; a change that could break a receiver raises it. */
export const ALERT_PAYLOAD_VERSION = 1;

const iso = (ms: number): string => new Date(ms).toISOString();

/** One line a person reads: what happened, where, and what to do. */
export function alertText({ event, folded }: Release): string {
  let text: string;
  switch (event.kind) {
    case 'dead_letter': {
      const why = [...new Set([event.reason, event.error].filter(Boolean))].join(', ');
      text = `Gleantap Capture: lead ${event.id} on form "${event.form}" was dead-lettered (${why})${event.gleantapMessage ? `: Gleantap said "${event.gleantapMessage}"` : ''}. See \`gleantap-capture outbox list --state dead\`; \`outbox retry\` sends it again after a fix.`;
      break;
    }
    case 'degraded':
      text = `Gleantap Capture: delivery degraded: ${event.waiting} lead(s) waiting, the oldest for ${event.oldestQueuedSeconds} s (longer than outbox.alertAfter). Gleantap may be failing; leads are kept and retried.`;
      break;
    case 'recovered':
      text = 'Gleantap Capture: delivery recovered: no lead waits longer than outbox.alertAfter.';
      break;
    case 'keys_refused':
      text = `Gleantap Capture: Gleantap refused the keys of form "${event.form}" (401/403). Check the account's key variables; its leads are dead-lettered until then.`;
      break;
  }
  if (folded.count > 0) text += ` (${folded.count} more like this since ${iso(folded.sinceMs ?? 0)} were folded into this message.)`;
  return text;
}

/**
 * The request body for one webhook: the versioned JSON of docs/operations.md#alerts, or
 * Slack's `{text}`. The lead's contact goes only to a webhook that asked for it.
 */
export function renderAlert(release: Release, hook: Pick<AlertWebhookSettings, 'format' | 'includeLead'>, nowMs: number): string {
  const { event, folded } = release;
  const lead = event.kind === 'dead_letter' && hook.includeLead && event.lead ? event.lead : undefined;
  if (hook.format === 'slack') {
    const extra = lead === undefined ? '' : `\nLead: ${JSON.stringify(lead)}`;
    return JSON.stringify({ text: alertText(release) + extra });
  }
  return JSON.stringify({
    version: ALERT_PAYLOAD_VERSION,
    kind: event.kind,
    at: iso(nowMs),
    form: alertForm(event) ?? null,
    ...(event.kind === 'dead_letter' ? { submission: { id: event.id, reason: event.reason, error: event.error ?? null, gleantapMessage: event.gleantapMessage } } : {}),
    ...(lead === undefined ? {} : { lead }),
    ...(event.kind === 'degraded' ? { queue: { oldestQueuedSeconds: event.oldestQueuedSeconds, waiting: event.waiting } } : {}),
    folded: { count: folded.count, submissionIds: folded.submissionIds, since: folded.sinceMs === undefined ? null : iso(folded.sinceMs) },
    text: alertText(release),
  });
}
