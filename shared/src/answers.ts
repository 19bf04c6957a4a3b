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
