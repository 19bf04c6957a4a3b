import type { AlertKind } from '@gleantap-capture/shared';

/** What the outbox tells the alerts about: ids, reasons and counts; the lead's contact only where one exists. */
export type AlertEvent =
  | {
      readonly kind: 'dead_letter';
      readonly form: string;
      /** The submission id (the idempotency key). */
      readonly id: string;
      /** The dead reason: `rejected`, `expired` or `invalid_contact`. */
      readonly reason: string;
      /** The last failure (`unauthorized`, `http_5xx`, …), when there was a call. */
      readonly error?: string | null;
      readonly gleantapMessage: string | null;
      /** The contact as it was to be sent; reaches only webhooks with `includeLead: true`. */
      readonly lead?: Readonly<Record<string, unknown>> | null;
    }
  | { readonly kind: 'degraded'; readonly oldestQueuedSeconds: number; readonly waiting: number }
  | { readonly kind: 'recovered' }
  | { readonly kind: 'keys_refused'; readonly form: string };

/** The one seam the outbox calls; never throws, never waits. */
export type NotifyAlert = (event: AlertEvent) => void;

/** For outboxes built without alerts (tests, the CLI's read-only commands). */
export const NO_ALERTS: NotifyAlert = () => undefined;

/** The form an event is about, or undefined for the deployment-wide ones. */
export function alertForm(event: AlertEvent): string | undefined {
  return event.kind === 'dead_letter' || event.kind === 'keys_refused' ? event.form : undefined;
}

export type { AlertKind };
