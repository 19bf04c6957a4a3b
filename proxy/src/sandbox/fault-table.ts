import type { FaultEndpoint, FaultSpec } from './fault-spec.ts';

/** The active faults of one sandbox, at most one per endpoint. */
export interface FaultTable {
  set(spec: FaultSpec): void;
  clear(): void;
  list(): FaultSpec[];
  /** The fault that hits this request, if any; draws `random()` once per request. */
  pick(endpoint: string): FaultSpec | undefined;
}

/** Creates an empty fault table; `random` decides whether a fault with `rate < 1` hits. */
export function createFaultTable(random: () => number): FaultTable {
  const faults = new Map<FaultEndpoint, FaultSpec>();
  return {
    set(spec) {
      // A new fault for an endpoint replaces the old one, so tests never stack faults by accident.
      faults.set(spec.endpoint, spec);
    },
    clear() {
      faults.clear();
    },
    list() {
      return [...faults.values()];
    },
    pick(endpoint) {
      const fault = faults.get(endpoint as FaultEndpoint) ?? faults.get('*');
      if (fault === undefined) return undefined;
      // random() is in [0, 1): rate 1 always hits, rate 0 never does.
      return random() < fault.rate ? fault : undefined;
    },
  };
}
