import type { NewContactBody } from '@gleantap-capture/shared';
import type { AccountRef } from '../config/config.ts';

/** A contact ready to go to Gleantap, with the account whose keys deliver it. */
export interface DeliveryJob {
  readonly submissionId: string;
  readonly formId: string;
  readonly contact: NewContactBody;
  readonly account: AccountRef;
}

/** How the visitor's request ends once the job is handed over. */
export type AcceptedStatus = 'created' | 'queued';

/** Takes accepted submissions towards Gleantap; throws HttpError when it cannot take one. */
export interface Delivery {
  accept(job: DeliveryJob): Promise<AcceptedStatus>;
}
