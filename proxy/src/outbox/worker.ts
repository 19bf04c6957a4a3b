import type { Logger } from 'pino';
import type { NotifyAlert } from '../alerts/alert-event.ts';
import type { OutboxSettings } from '../config/config.ts';
import type { DeliveryQueries } from '../store/delivery-queries.ts';
import { storeErrorCode } from '../store/store-error.ts';
import type { SweepQueries } from '../store/sweep-queries.ts';
import type { RunAttempt } from './attempt.ts';
import { logDeadLetter } from './dead-letter-log.ts';
import type { EmitOutboxEvent } from './outbox-events.ts';
import { createQueueAlert } from './queue-alert.ts';
import type { RetryGate } from './retry-gate.ts';

/** How often (by the injected clock) personal data of old delivered leads is erased. */
const RETENTION_EVERY_MS = 60_000;
/** The idempotency record (the fingerprint) outlives retention until at least this age. */
export const IDEMPOTENCY_MIN_MS = 24 * 3_600_000;

export interface WorkerDeps {
  readonly deliveries: DeliveryQueries;
  readonly sweeps: SweepQueries;
  readonly runAttempt: RunAttempt;
  readonly settings: OutboxSettings;
  readonly leaseMs: number;
  readonly owner: string;
  readonly now: () => Date;
  readonly gate: RetryGate;
  readonly emit: EmitOutboxEvent;
  readonly logger: Logger;
  readonly alert: NotifyAlert;
  /** Real-time interval between passes; the time rules themselves read `now`. */
  readonly pollMs: number;
  /** Keeps an attempt, so shutdown can wait for it. */
  readonly track: (done: Promise<void>) => void;
  /** Deletes ended rate-limit windows of a shared store (PostgreSQL); run with retention. */
  readonly pruneRateLimits?: () => Promise<number>;
}

/** The background deliverer: claims due rows whose lease expired, at most `concurrency` at once. */
export interface Worker {
  start(): void;
  /**
   * Stops claiming; resolves once a pass still running has ended (its claims made, their
   * attempts tracked). Attempts already running are the caller's to wait for.
   */
  stop(): Promise<void>;
  /**
   * One pass: dead-letter by age, erase by retention, then claim up to the free capacity.
   * Resolves when the pass is over. Passes never overlap: a call while one runs gets the next
   * pass, which starts when the running one ends (calls meanwhile share it).
   */
  tick(): Promise<void>;
}

/** Creates a stopped worker. */
export function createWorker(deps: WorkerDeps): Worker {
  const { logger } = deps;
  const active = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let lastRetentionAt: number | undefined;
  let failing = false;
  // The pass running now, and the one asked for meanwhile: the store answers asynchronously,
  // and two passes at once would claim past `concurrency` and sweep twice.
  let ticking: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  // Once stopped, a pass asked for earlier does nothing: the store is about to close.
  let stopped = false;
  const alert = createQueueAlert(deps.sweeps, deps.settings.alertAfterMs, logger, deps.alert);

  // When the pending pass is due (real-time, monotonic): a pass asked for sooner replaces it, a
  // later one does not — a slot freed mid-pass must not be pushed back to the next poll.
  let timerDueAt = 0;

  function schedule(delayMs: number): void {
    if (!running) return;
    const dueAt = performance.now() + delayMs;
    if (timer !== undefined && timerDueAt <= dueAt) return;
    clearTimeout(timer);
    timerDueAt = dueAt;
    timer = setTimeout(() => {
      timer = undefined;
      pass();
    }, delayMs);
    timer.unref();
  }

  function pass(): void {
    void tick().finally(() => schedule(deps.pollMs));
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

  async function sweep(nowMs: number): Promise<void> {
    for (const row of await deps.sweeps.expire(nowMs, nowMs - deps.settings.deadAfterMs)) {
      deps.emit({ kind: 'dead', formId: row.formId, submissionId: row.id, deadReason: 'expired', lastError: row.lastError, upstreamStatus: row.lastStatus, upstreamMessage: null });
      logDeadLetter(logger, row, 'expired', row.lastError === null ? null : { reason: row.lastError, status: row.lastStatus });
      deps.alert({ kind: 'dead_letter', form: row.formId, id: row.id, reason: 'expired', error: row.lastError, gleantapMessage: null });
    }
    if (lastRetentionAt !== undefined && nowMs - lastRetentionAt < RETENTION_EVERY_MS && nowMs >= lastRetentionAt) return;
    const erased = await deps.sweeps.erase(nowMs, nowMs - deps.settings.retainDeliveredMs, nowMs - Math.max(deps.settings.retainDeliveredMs, IDEMPOTENCY_MIN_MS));
    lastRetentionAt = nowMs;
    if (erased > 0) logger.info({ erased }, 'retention: personal data of old delivered leads erased');
    await deps.pruneRateLimits?.();
  }

  function tick(): Promise<void> {
    if (ticking === undefined) {
      ticking = runPass().finally(() => {
        ticking = undefined;
      });
      return ticking;
    }
    next ??= ticking.then(() => {
      next = undefined;
      return tick();
    });
    return next;
  }

  async function runPass(): Promise<void> {
    if (stopped) return;
    const nowMs = deps.now().getTime();
    try {
      await sweep(nowMs);
      await alert(nowMs);
      const capacity = deps.settings.concurrency - active.size;
      if (capacity > 0 && deps.gate.blockedUntil(nowMs) === undefined) {
        for (const row of await deps.deliveries.claim({ owner: deps.owner, nowMs }, nowMs + deps.leaseMs, capacity)) {
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
      // The first pass starts once the clamp is written, so it claims with the capped waits.
      void deps.sweeps
        .clampWaits(nowMs, nowMs + deps.settings.backoff.capMs)
        .then(
          (clamped) => {
            if (clamped > 0) logger.warn({ clamped, capMs: deps.settings.backoff.capMs }, 'queued leads waiting longer than outbox.backoff.capMs now wait at most that long');
          },
          (error: unknown) => storeHealth(error),
        )
        .finally(() => schedule(0));
    },
    async stop() {
      running = false;
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await (next ?? ticking);
    },
    tick,
  };
}
