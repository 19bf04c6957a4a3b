import * as z from 'zod';

/** Endpoints a fault can target; `*` is the fallback used when no endpoint-specific fault is set. */
export const FaultEndpoint = z.enum(['newContact', 'optin', 'getCustomers', '*']);
export type FaultEndpoint = z.infer<typeof FaultEndpoint>;

/**
 * Body of `POST /_sandbox/faults`. Strict, so a typo (`"phaze"`) is refused instead of silently
 * injecting a different fault than the test meant.
 */
export const FaultSpec = z.strictObject({
  mode: z.enum(['error', '429', 'timeout', 'reset', 'slow']),
  endpoint: FaultEndpoint.default('*'),
  phase: z.enum(['before', 'after']).default('before'),
  // 3xx is allowed so a redirect answer can be simulated; 1xx/2xx would not be a fault.
  status: z.int().min(300).max(599).default(500),
  rate: z.number().min(0).max(1).default(1),
  retryAfter: z.int().min(0).max(86_400).default(1),
  delayMs: z.int().min(0).max(600_000).default(0),
});
export type FaultSpec = z.infer<typeof FaultSpec>;
