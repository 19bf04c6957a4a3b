import type { DeliveryJob } from '../submission/job.ts';

// The acceptance seam: the route hands the outbox a job that submission/ decided in full, and
// hears back how acceptance ended. Tests and other stores implement `Delivery` too.

/** How acceptance ended; errors are data, the route turns them into answers. */
export type AcceptOutcome =
  /** Stored (now or by the first request with this id): `created` = delivered now, `queued` = later. */
  | { readonly kind: 'accepted'; readonly status: 'created' | 'queued' }
  /** The same id is still being answered by another request: 409, Retry-After 1. */
  | { readonly kind: 'in_progress' }
  /** The same id came with different fields or consent: 422. */
  | { readonly kind: 'conflict' }
  /** It could not be stored: 503, nothing accepted. */
  | { readonly kind: 'unavailable' }
  /** Its form token was spent by another id, or may only replay a stored id and there is none: 403, nothing stored. */
  | { readonly kind: 'invalid_token' };

/** Takes accepted submissions towards Gleantap. */
export interface Delivery {
  accept(job: DeliveryJob): Promise<AcceptOutcome>;
  /** Whether (form, id) is stored already: a replay, so its CAPTCHA is not verified a second time. */
  known(key: { readonly formId: string; readonly id: string }): Promise<boolean>;
  /** True while a lead could be stored right now (the `/readyz` write probe). */
  ready(): Promise<boolean>;
}
