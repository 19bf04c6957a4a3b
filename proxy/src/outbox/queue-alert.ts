import type { Logger } from 'pino';
import { NO_ALERTS, type NotifyAlert } from '../alerts/alert-event.ts';
import type { SweepQueries } from '../store/sweep-queries.ts';

/** While the queue stays too old, the error line repeats at most this often (injected clock). */
export const ALERT_REPEAT_MS = 5 * 60_000;

/** Checks the oldest waiting lead's age on each worker pass. */
export type QueueAlert = (nowMs: number) => Promise<void>;

/**
 * One `error` line when the oldest lead still waiting has waited longer than `alertAfterMs`,
 * repeated at most every ALERT_REPEAT_MS while that lasts, and one `info` line when it clears:
 * an outage that only the outbox notices still reaches the operator. Ids and ages only.
 */
export function createQueueAlert(sweeps: Pick<SweepQueries, 'oldestWaiting'>, alertAfterMs: number, logger: Logger, notify: NotifyAlert = NO_ALERTS): QueueAlert {
  let alertedAt: number | undefined;
  return async (nowMs) => {
    const oldest = await sweeps.oldestWaiting();
    const ageMs = oldest === undefined ? 0 : nowMs - oldest.queuedSince;
    if (oldest === undefined || ageMs <= alertAfterMs) {
      if (alertedAt !== undefined) logger.info({ waiting: oldest?.count ?? 0 }, 'outbox alert cleared: no lead waits longer than outbox.alertAfter');
      if (alertedAt !== undefined) notify({ kind: 'recovered' });
      alertedAt = undefined;
      return;
    }
    if (alertedAt !== undefined && nowMs - alertedAt < ALERT_REPEAT_MS && nowMs >= alertedAt) return;
    // People hear of the outage once, when it starts; the log line repeats while it lasts.
    if (alertedAt === undefined) notify({ kind: 'degraded', oldestQueuedSeconds: Math.floor(ageMs / 1000), waiting: oldest.count });
    alertedAt = nowMs;
    logger.error(
      {
        waiting: oldest.count,
        oldestForm: oldest.formId,
        oldestSubmissionId: oldest.id,
        oldestAgeMs: ageMs,
        waitingSince: new Date(oldest.queuedSince).toISOString(),
        alertAfterMs,
      },
      'outbox alert: leads are waiting longer than outbox.alertAfter; Gleantap may be failing (see the warn lines, outbox list)',
    );
  };
}
