import type { AlertEvent, NotifyAlert } from './alert-event.ts';

/**
 * The outbox's events as an event seam would report them (`{kind, formId, …}`), declared here
 * structurally so the alerts depend on no outbox module. Kinds the alerts do not care about
 * (accepted, delivered, retried, dropped…) pass through untouched.
 */
export type OutboxSignal =
  | {
      readonly kind: 'dead';
      readonly formId: string;
      readonly id: string;
      readonly reason: string;
      readonly error?: string | null;
      readonly message?: string | null;
      readonly lead?: Readonly<Record<string, unknown>> | null;
    }
  | { readonly kind: 'keys_refused'; readonly formId: string }
  | { readonly kind: 'degraded'; readonly oldestQueuedSeconds: number; readonly waiting: number }
  | { readonly kind: 'recovered' }
  | { readonly kind: string; readonly formId?: string };

/** The one adapter from the outbox's events to alerts: a listener to register on the seam. */
export function outboxListener(notify: NotifyAlert): (signal: OutboxSignal) => void {
  return (signal) => {
    const event = toAlert(signal);
    if (event !== undefined) notify(event);
  };
}

function toAlert(signal: OutboxSignal): AlertEvent | undefined {
  switch (signal.kind) {
    case 'dead': {
      const dead = signal as Extract<OutboxSignal, { kind: 'dead' }>;
      return { kind: 'dead_letter', form: dead.formId, id: dead.id, reason: dead.reason, error: dead.error ?? null, gleantapMessage: dead.message ?? null, lead: dead.lead ?? null };
    }
    case 'keys_refused':
      return { kind: 'keys_refused', form: (signal as Extract<OutboxSignal, { kind: 'keys_refused' }>).formId };
    case 'degraded': {
      const degraded = signal as Extract<OutboxSignal, { kind: 'degraded' }>;
      return { kind: 'degraded', oldestQueuedSeconds: degraded.oldestQueuedSeconds, waiting: degraded.waiting };
    }
    case 'recovered':
      return { kind: 'recovered' };
    default:
      return undefined;
  }
}
