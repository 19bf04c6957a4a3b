import * as z from 'zod/mini';

/** A submission the proxy accepted: `created` (delivered now) or `queued` (stored, delivered later). */
export const SubmissionAccepted = z.strictObject({
  status: z.enum(['created', 'queued']),
  /** The submission id the client sent, never Gleantap's `_id`. */
  id: z.string(),
});
export type SubmissionAccepted = z.infer<typeof SubmissionAccepted>;

/** `GET /healthz`: the process runs. */
export const Liveness = z.strictObject({ status: z.literal('ok') });
export type Liveness = z.infer<typeof Liveness>;

/** `GET /readyz`: `ready` (200) while a lead could be stored now, else `not_ready` (503). */
export const Readiness = z.strictObject({ status: z.enum(['ready', 'not_ready']) });
export type Readiness = z.infer<typeof Readiness>;

/** `GET /healthz/delivery`: whether leads reach Gleantap (`unknown` when the store cannot be read). */
export const DeliveryHealth = z.union([
  z.strictObject({ status: z.literal('ok') }),
  z.strictObject({ status: z.literal('degraded'), oldestQueuedSeconds: z.number(), dead24h: z.number(), keysRefused: z.optional(z.literal(true)) }),
  z.strictObject({ status: z.literal('unknown') }),
]);
export type DeliveryHealth = z.infer<typeof DeliveryHealth>;
