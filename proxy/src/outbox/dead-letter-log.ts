import type { Logger } from 'pino';
import type { FailureRecord } from '../store/delivery-queries.ts';
import type { DeadReason, RowKey } from '../store/rows.ts';

/**
 * The one warn line per dead letter: ids, reasons, the attempt number and Gleantap's message,
 * never the lead's data. When an attempt's failure dead-letters the lead, this is that
 * attempt's line (its next attempt time is null: there is none).
 */
export function logDeadLetter(logger: Logger, key: RowKey, reason: DeadReason, failure: FailureRecord | null, attempt: number | null = null): void {
  logger.warn(
    {
      form: key.formId,
      submissionId: key.id,
      attempt,
      outcome: 'dead',
      deadReason: reason,
      lastError: failure?.reason ?? null,
      upstreamStatus: failure?.status ?? null,
      upstreamMessage: failure?.message ?? null,
      nextAttemptAt: null,
    },
    'lead dead-lettered: kept for the owner (outbox list, outbox retry)',
  );
}
