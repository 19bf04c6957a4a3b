import type { GleantapClient } from '../gleantap/client.ts';
import type { DeliveryOutcome } from '../gleantap/delivery-outcome.ts';

export type CallEndpoint = 'newContact' | 'optin' | 'getCustomers' | 'other';
export type CallOutcome = 'success' | 'retryable' | 'permanent' | 'timeout' | 'network';

/** Told how long each Gleantap call took and how it ended. */
export type CallObserver = (endpoint: CallEndpoint, outcome: CallOutcome, seconds: number) => void;

/** The outcome class of a classified answer (classify.ts): timeouts and connection failures apart. */
export function outcomeClass(outcome: DeliveryOutcome): CallOutcome {
  if (outcome.ok) return 'success';
  if (outcome.reason === 'timeout') return 'timeout';
  if (outcome.reason === 'connection_failed' || outcome.reason === 'connection_reset') return 'network';
  return outcome.retryable ? 'retryable' : 'permanent';
}

/** The same client, each call timed (monotonic clock) and reported to `observe`. */
export function instrumentClient(client: GleantapClient, observe: CallObserver): GleantapClient {
  async function timed(endpoint: CallEndpoint, call: Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    const started = performance.now();
    const outcome = await call;
    observe(endpoint, outcomeClass(outcome), (performance.now() - started) / 1000);
    return outcome;
  }
  return {
    newContact: (body, keys) => timed('newContact', client.newContact(body, keys)),
    optin: (body, keys) => timed('optin', client.optin(body, keys)),
    probe: (appId, keys) => timed('getCustomers', client.probe(appId, keys)),
    close: () => client.close(),
    destroy: () => client.destroy(),
  };
}
