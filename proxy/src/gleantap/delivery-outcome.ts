/** Why a call to Gleantap did not succeed; stable names used by the outbox, logs and metrics. */
export type FailureReason =
  | 'timeout'
  | 'connection_reset'
  | 'connection_failed'
  | 'http_408'
  | 'http_429'
  | 'http_5xx'
  | 'unauthorized'
  | 'rejected'
  | 'redirect'
  | 'invalid_response';

/** The classified result of one Gleantap call; never carries the upstream body or the keys. */
export type DeliveryOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      /** Gleantap's `_id` when the answer had one (newContact does; optin does not). */
      readonly contactId: string | undefined;
    }
  | {
      readonly ok: false;
      /** True when trying again later may succeed; false means Gleantap said a permanent no. */
      readonly retryable: boolean;
      readonly reason: FailureReason;
      /** The HTTP status, when Gleantap answered at all. */
      readonly status: number | undefined;
      /** From `Retry-After`, when the answer had a usable one. */
      readonly retryAfterMs: number | undefined;
    };
