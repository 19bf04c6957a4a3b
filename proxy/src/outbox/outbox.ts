import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { NO_ALERTS, type NotifyAlert } from '../alerts/alert-event.ts';
import type { OutboxSettings, ResolvedForm } from '../config/config.ts';
import type { GleantapClient } from '../gleantap/client.ts';
import type { QueueGauges } from '../store/gauge-queries.ts';
import type { Store } from '../store/store.ts';
import { storeErrorCode } from '../store/store-error.ts';
import { createAcceptor } from './accept.ts';
import { createAttemptRunner } from './attempt.ts';
import type { Delivery } from './delivery.ts';
import { createEmitter, createTally, type OutboxListener, type OutboxMetrics } from './outbox-events.ts';
import { createRetryGate } from './retry-gate.ts';
import { createWorker } from './worker.ts';
import { createWriteProbe } from './write-probe.ts';

/** A lease outlives the longest call it covers by this much. */
const LEASE_MARGIN_MS = 2_000;
const DEFAULT_POLL_MS = 250;

export interface OutboxDeps {
  readonly store: Store;
  readonly client: GleantapClient;
  /** Key values by variable name; rows store only the names. */
  readonly secrets: ReadonlyMap<string, string>;
  readonly settings: OutboxSettings;
  /** The forms of the running config (a reload swaps them): a retried `invalid_contact` lead is built with them. */
  readonly forms: () => ReadonlyMap<string, ResolvedForm>;
  /** The Gleantap client's cap on one call; a lease covers one call plus a margin. */
  readonly callTimeoutMs: number;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Jitter source; injectable for tests. */
  readonly random?: () => number;
  /** Real-time interval of the worker's passes. */
  readonly pollMs?: number;
  /** Told about dead letters, refused keys and the queue alert (alerts/). */
  readonly alert?: NotifyAlert;
  /** Told of every accepted, answered, delivered, retried, dead, dropped and replayed lead. */
  readonly listeners?: readonly OutboxListener[];
  /** Lease holder name of this process (default a fresh UUID). */
  readonly owner?: string;
  /** Deletes ended rate-limit windows of a shared store; run with the retention sweep. */
  readonly pruneRateLimits?: () => Promise<number>;
}

/** The durable outbox: the proxy's Delivery, its worker, and its events. */
export interface Outbox extends Delivery {
  /** Starts the worker. */
  start(): void;
  /** The event counts, and the queue depth read from the store now. */
  metrics(): Promise<OutboxMetrics>;
  /** The queue read from the store now (leads by state, oldest waiting, dead letters since `deadSinceMs`). */
  gauges(deadSinceMs: number): Promise<QueueGauges>;
  /**
   * Stops taking submissions and claiming rows, lets running attempts finish for up to
   * `drainMs`, aborts the rest, gives back every lease this process holds and closes the store.
   */
  close(drainMs: number): Promise<void>;
}

/** Builds the outbox on an open store; nothing runs until `start()`. */
export function createOutbox(deps: OutboxDeps): Outbox {
  const { store, logger, now } = deps;
  // A fresh owner per process start: leases of a crashed run are not ours and simply expire.
  const owner = deps.owner ?? randomUUID();
  const leaseMs = deps.callTimeoutMs + LEASE_MARGIN_MS;
  const tally = createTally();
  const emit = createEmitter([tally.listener, ...(deps.listeners ?? [])], logger);
  const gate = createRetryGate(deps.settings.backoff.capMs);
  const { deliveries, sweeps, gauges, admit } = store.queries();
  const attempts = new Set<Promise<void>>();
  const accepting = new Set<Promise<unknown>>();
  let closing = false;
  const track = (done: Promise<void>): void => {
    attempts.add(done);
    void done.finally(() => attempts.delete(done));
  };
  const common = { settings: deps.settings, leaseMs, owner, now, gate, emit, logger, alert: deps.alert ?? NO_ALERTS };
  const runAttempt = createAttemptRunner({ ...common, queries: deliveries, client: deps.client, secrets: deps.secrets, forms: deps.forms, random: deps.random ?? Math.random });
  const accept = createAcceptor({ ...common, queries: admit, runAttempt, track });
  const worker = createWorker({
    ...common,
    deliveries,
    sweeps,
    runAttempt,
    track,
    pollMs: deps.pollMs ?? DEFAULT_POLL_MS,
    ...(deps.pruneRateLimits ? { pruneRateLimits: deps.pruneRateLimits } : {}),
  });
  const probe = createWriteProbe(store, now, logger);

  return {
    accept(job) {
      if (closing) return Promise.resolve({ kind: 'unavailable' });
      const pending = accept(job);
      accepting.add(pending);
      void pending.finally(() => accepting.delete(pending));
      return pending;
    },
    ready: () => (closing ? Promise.resolve(false) : probe()),
    start: () => worker.start(),
    async metrics() {
      const depth = await sweeps.depth();
      return {
        ...tally.read(),
        queueDepth: depth.count,
        oldestQueuedAgeMs: depth.oldestAcceptedAt === null ? null : Math.max(0, now().getTime() - depth.oldestAcceptedAt),
      };
    },
    gauges,
    async close(drainMs) {
      closing = true;
      // A pass mid-claim finishes first, so its attempts are among those waited for below.
      await worker.stop();
      // Requests already inside accept() answer within the inline budget; let them.
      await Promise.allSettled([...accepting]);
      const settled = (): Promise<unknown> => Promise.allSettled([...attempts]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settled(), new Promise((resolve) => (timer = setTimeout(resolve, drainMs)))]);
      clearTimeout(timer);
      if (attempts.size > 0) {
        // Aborted calls resolve as failures and are recorded as retries; the rows stay queued.
        logger.info({ aborted: attempts.size }, 'stopping: deliveries still running are aborted and stay queued');
        await deps.client.destroy().catch(() => undefined);
        await settled();
      }
      try {
        const released = await deliveries.releaseOwned({ owner, nowMs: now().getTime() });
        if (released > 0) logger.info({ released }, 'leases released for the next start');
      } catch (error) {
        logger.warn({ code: storeErrorCode(error) }, 'leases not released: they expire on their own');
      }
      await store.close();
    },
  };
}
