import type { DeliveryHealth } from '@gleantap-capture/shared';
import type { QueueGauges } from '../store/gauge-queries.ts';

const DAY_MS = 24 * 3_600_000;

export type { DeliveryHealth };

export interface DeliveryHealthDeps {
  readonly gauges: (deadSinceMs: number) => Promise<QueueGauges>;
  /** Forms whose keys Gleantap refused last (see keys-refused.ts). */
  readonly keysRefused: () => readonly string[];
  /** `outbox.alertAfter`: a lead waiting longer means delivery is degraded. */
  readonly alertAfterMs: number;
  readonly now: () => Date;
}

/**
 * Degraded while the lead waiting longest has waited more than `alertAfter`, or while Gleantap
 * refuses a form's keys (leads then die rather than wait, so age alone would not show it).
 * Accepting leads is `/readyz`'s question, not this one's.
 */
export function createDeliveryHealth(deps: DeliveryHealthDeps): () => Promise<DeliveryHealth> {
  return async () => {
    const nowMs = deps.now().getTime();
    const gauges = await deps.gauges(nowMs - DAY_MS);
    const ageMs = gauges.oldestWaitingSince === null ? 0 : Math.max(0, nowMs - gauges.oldestWaitingSince);
    const keysRefused = deps.keysRefused().length > 0;
    if (ageMs <= deps.alertAfterMs && !keysRefused) return { status: 'ok' };
    return { status: 'degraded', oldestQueuedSeconds: Math.floor(ageMs / 1000), dead24h: gauges.deadSince, ...(keysRefused ? { keysRefused: true as const } : {}) };
  };
}
