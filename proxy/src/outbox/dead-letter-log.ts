import type { Logger } from 'pino';
import type { FailureRecord } from '../store/delivery-queries.ts';
import type { DeadReason, RowKey } from '../store/rows.ts';

/** The one warn line per dead letter: ids and reasons only, never the lead's data. */
export function logDeadLetter(logger: Logger, key: RowKey, reason: DeadReason, failure: FailureRecord | null): void {
  logger.warn(
    { form: key.formId, submissionId: key.id, deadReason: reason, lastError: failure?.reason ?? null, upstreamStatus: failure?.status ?? null },
    'lead dead-lettered: kept for the owner (outbox list, outbox retry)',
  );
}
