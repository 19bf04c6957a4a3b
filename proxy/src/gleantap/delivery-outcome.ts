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
  | 'invalid_response'
  /** A 2xx whose body could not be read or parsed: Gleantap may or may not have acted. */
  | 'unconfirmed';

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
      /**
       * Gleantap's own `message` (at most 500 characters, control characters removed, keys
       * scrubbed), when its answer was JSON with one: what the owner needs to fix a refusal.
       */
      readonly message: string | undefined;
    };
