import * as z from 'zod';

/** Endpoints a fault can target; `*` is the fallback used when no endpoint-specific fault is set. */
export const FaultEndpoint = z.enum(['newContact', 'optin', 'getCustomers', '*']);
export type FaultEndpoint = z.infer<typeof FaultEndpoint>;

/**
 * Body of `POST /_sandbox/faults`. Strict, so a typo (`"phaze"`) is refused instead of silently
 * injecting a different fault than the test meant.
 */
export const FaultSpec = z.strictObject({
  // `refuse`: 200 with `{"status":"error","message"}` (how Gleantap answers a bad app_id);
  // `garble`: 200 whose body breaks off mid-way (the connection is reset).
  mode: z.enum(['error', '429', 'timeout', 'reset', 'slow', 'refuse', 'garble']),
  endpoint: FaultEndpoint.default('*'),
  phase: z.enum(['before', 'after']).default('before'),
  // 3xx is allowed so a redirect answer can be simulated; 1xx/2xx would not be a fault.
  status: z.int().min(300).max(599).default(500),
  rate: z.number().min(0).max(1).default(1),
  // Up to two years: a test must be able to ask for the absurd Retry-After a real upstream once sent.
  retryAfter: z.int().min(0).max(63_072_000).default(1),
  delayMs: z.int().min(0).max(600_000).default(0),
  message: z.string().max(500).default('Invalid app_id'),
});
export type FaultSpec = z.infer<typeof FaultSpec>;
