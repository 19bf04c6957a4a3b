import type { Logger } from 'pino';
import type { GleantapClient } from '../gleantap/client.ts';
import { HttpError } from '../http/http-error.ts';
import type { Delivery } from './delivery.ts';

export interface DirectDeliveryOptions {
  readonly client: GleantapClient;
  /** Key values by variable name, resolved at delivery time. */
  readonly secrets: ReadonlyMap<string, string>;
  readonly logger: Logger;
}

/**
 * Delivery without a store: one call to Gleantap while the visitor waits; any failure is
 * `502 upstream_unavailable` so the widget offers a retry. The durable outbox replaces
 * this wherever a store exists.
 */
export function createDirectDelivery(options: DirectDeliveryOptions): Delivery {
  return {
    async accept(job) {
      const apiKey = options.secrets.get(job.account.apiKeyEnv);
      const secretKey = options.secrets.get(job.account.secretKeyEnv);
      if (apiKey === undefined || secretKey === undefined) {
        options.logger.error({ submissionId: job.submissionId, form: job.formId }, 'keys missing for account');
        throw new HttpError('upstream_unavailable');
      }
      const outcome = await options.client.newContact(job.contact, { apiKey, secretKey });
      if (outcome.ok) return 'created';
      options.logger.warn(
        { submissionId: job.submissionId, form: job.formId, reason: outcome.reason, retryable: outcome.retryable, upstreamStatus: outcome.status },
        'delivery failed',
      );
      throw new HttpError('upstream_unavailable');
    },
  };
}
