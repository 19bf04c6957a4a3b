import type { Logger } from 'pino';
import type { NotifyAlert } from '../alerts/alert-event.ts';
import type { OutboxSettings } from '../config/config.ts';
import type { DeliveryQueries } from '../store/delivery-queries.ts';
import type { NonceSweep } from '../store/nonce-sweep.ts';
import { storeErrorCode } from '../store/store-error.ts';
import type { SweepQueries } from '../store/sweep-queries.ts';
import type { RunAttempt } from './attempt.ts';
import type { OutboxCounters } from './counters.ts';
import { logDeadLetter } from './dead-letter-log.ts';
import { createQueueAlert } from './queue-alert.ts';
import type { RetryGate } from './retry-gate.ts';

/** How often (by the injected clock) personal data of old delivered leads is erased. */
const RETENTION_EVERY_MS = 60_000;
/** The idempotency record (the fingerprint) outlives retention until at least this age. */
export const IDEMPOTENCY_MIN_MS = 24 * 3_600_000;

export interface WorkerDeps {
  readonly deliveries: DeliveryQueries;
  readonly sweeps: SweepQueries;
  readonly nonces: NonceSweep;
  /** The longest `maxTokenAge` of the running forms: older nonces can never be spent again. */
  readonly longestTokenAgeMs: () => number;
  readonly runAttempt: RunAttempt;
  readonly settings: OutboxSettings;
  readonly leaseMs: number;
  readonly owner: string;
  readonly now: () => Date;
  readonly gate: RetryGate;
  readonly counters: OutboxCounters;
  readonly logger: Logger;
  readonly alert: NotifyAlert;
  /** Real-time interval between passes; the time rules themselves read `now`. */
  readonly pollMs: number;
  /** Keeps an attempt, so shutdown can wait for it. */
  readonly track: (done: Promise<void>) => void;
}

/** The background deliverer: claims due rows whose lease expired, at most `concurrency` at once. */
export interface Worker {
  start(): void;
  /** Stops claiming; attempts already running are the caller's to wait for. */
  stop(): void;
  /** One pass: dead-letter by age, erase by retention, then claim up to the free capacity. */
  tick(): void;
}

/** Creates a stopped worker. */
export function createWorker(deps: WorkerDeps): Worker {
  const { logger } = deps;
  const active = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let lastRetentionAt: number | undefined;
  let failing = false;
  const alert = createQueueAlert(deps.sweeps, deps.settings.alertAfterMs, logger, deps.alert);

  function schedule(delayMs: number): void {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(pass, delayMs);
    timer.unref();
  }

  function pass(): void {
    tick();
    schedule(deps.pollMs);
  }

  /** One warn line when the store starts failing, one info line when it recovers: no flood. */
  function storeHealth(error: unknown): void {
    if (error === undefined) {
      if (failing) logger.info('outbox store writable again');
      failing = false;
      return;
    }
    if (!failing) logger.warn({ code: storeErrorCode(error) }, 'outbox store not writable: deliveries wait');
    failing = true;
  }

  function sweep(nowMs: number): void {
    for (const row of deps.sweeps.expire(nowMs, nowMs - deps.settings.deadAfterMs)) {
      deps.counters.dead += 1;
      logDeadLetter(logger, row, 'expired', row.lastError === null ? null : { reason: row.lastError, status: row.lastStatus });
      deps.alert({ kind: 'dead_letter', form: row.formId, id: row.id, reason: 'expired', error: row.lastError, gleantapMessage: null });
    }
    if (lastRetentionAt !== undefined && nowMs - lastRetentionAt < RETENTION_EVERY_MS && nowMs >= lastRetentionAt) return;
    const erased = deps.sweeps.erase(nowMs, nowMs - deps.settings.retainDeliveredMs, nowMs - Math.max(deps.settings.retainDeliveredMs, IDEMPOTENCY_MIN_MS));
    lastRetentionAt = nowMs;
    deps.nonces.forget(nowMs - deps.longestTokenAgeMs());
    if (erased > 0) logger.info({ erased }, 'retention: personal data of old delivered leads erased');
  }

  function tick(): void {
    const nowMs = deps.now().getTime();
    try {
      sweep(nowMs);
      alert(nowMs);
      const capacity = deps.settings.concurrency - active.size;
      if (capacity > 0 && deps.gate.blockedUntil(nowMs) === undefined) {
        for (const row of deps.deliveries.claim({ owner: deps.owner, nowMs }, nowMs + deps.leaseMs, capacity)) {
          const done = deps.runAttempt(row).done.finally(() => {
            active.delete(done);
            // A slot came free: look for more work now rather than at the next poll.
            schedule(0);
          });
          active.add(done);
          deps.track(done);
        }
      }
      storeHealth(undefined);
    } catch (error) {
      storeHealth(error);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      const nowMs = deps.now().getTime();
      try {
        const clamped = deps.sweeps.clampWaits(nowMs, nowMs + deps.settings.backoff.capMs);
        if (clamped > 0) logger.warn({ clamped, capMs: deps.settings.backoff.capMs }, 'queued leads waiting longer than outbox.backoff.capMs now wait at most that long');
      } catch (error) {
        storeHealth(error);
      }
      schedule(0);
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
    tick,
  };
}
