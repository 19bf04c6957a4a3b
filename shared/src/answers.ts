import * as z from 'zod/mini';

/** A submission the proxy accepted: `created` (delivered now) or `queued` (stored, delivered later). */
export const SubmissionAccepted = z.strictObject({
  status: z.enum(['created', 'queued']),
  /** The submission id the client sent, never Gleantap's `_id`. */
  id: z.string(),
});
export type SubmissionAccepted = z.infer<typeof SubmissionAccepted>;
