import type { Logger } from 'pino';
import type { DeadReason } from '../store/rows.ts';

/**
 * What the outbox tells its listeners (metrics, alerts). Ids, form ids, reasons and Gleantap's
 * message only: never the visitor's data, never a key.
 */
export type OutboxEvent =
  /** A new lead stored for delivery (a replay or a dropped submission is not one). */
  | { readonly kind: 'accepted'; readonly formId: string }
  /** A bot-flagged or junk submission stored as `dropped`. */
  | { readonly kind: 'dropped'; readonly formId: string }
  /** A retry of an id already stored, answered with its recorded answer. */
  | { readonly kind: 'replayed'; readonly formId: string }
  /** The visitor's answer to a new lead: `201` created inline, `202` queued. */
  | { readonly kind: 'answered'; readonly formId: string; readonly status: 201 | 202 }
  | { readonly kind: 'delivered'; readonly formId: string; readonly submissionId: string; readonly attempts: number }
  /** A failed call scheduled to be tried again. */
  | { readonly kind: 'retried'; readonly formId: string; readonly submissionId: string; readonly reason: string; readonly upstreamStatus: number | null }
  | {
      readonly kind: 'dead';
      readonly formId: string;
      readonly submissionId: string;
      readonly deadReason: DeadReason;
      /** The last failure's reason (`keys_refused`, `timeout`, …), null when there was none. */
      readonly lastError: string | null;
      readonly upstreamStatus: number | null;
      /** Gleantap's message, scrubbed of keys by the classifier. */
      readonly upstreamMessage: string | null;
    };

export type OutboxEventKind = OutboxEvent['kind'];

/** One subscriber. It is called synchronously; what it throws is caught and logged. */
export type OutboxListener = (event: OutboxEvent) => void;

/** How the outbox reports an event to every listener. */
export type EmitOutboxEvent = (event: OutboxEvent) => void;

/**
 * Calls each listener in turn. A listener that throws is logged (kind and form only) and
 * skipped: accepting and delivering leads never depend on who is listening.
 */
export function createEmitter(listeners: readonly OutboxListener[], logger: Logger): EmitOutboxEvent {
  const all = [...listeners];
  return (event) => {
    for (const listener of all) {
      try {
        listener(event);
      } catch (error) {
        logger.warn({ event: event.kind, form: event.formId, err: error instanceof Error ? error.name : typeof error }, 'outbox event listener failed: ignored');
      }
    }
  };
}

/** Monotonic counts since start, by kind: what `RunningProxy.metrics()` reports to tests. */
export type OutboxTally = Readonly<Record<'accepted' | 'delivered' | 'retried' | 'dead' | 'dropped' | 'replayed', number>>;

/** A listener that counts events, and a read of the counts. */
export function createTally(): { readonly listener: OutboxListener; read(): OutboxTally } {
  const counts = { accepted: 0, delivered: 0, retried: 0, dead: 0, dropped: 0, replayed: 0 };
  return {
    listener(event) {
      if (event.kind !== 'answered') counts[event.kind] += 1;
    },
    read: () => ({ ...counts }),
  };
}

/** The counts plus the queue gauges read from the store. */
export interface OutboxMetrics extends OutboxTally {
  /** Leads waiting to be delivered (`queued` or `sending`). */
  readonly queueDepth: number;
  /** Age of the oldest of them, or null when none waits. */
  readonly oldestQueuedAgeMs: number | null;
}
