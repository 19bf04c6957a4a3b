import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';

/** A probe result is reused for at most this long: a load balancer polling hard costs no fsyncs. */
const PROBE_CACHE_MS = 1_000;

/**
 * `/readyz`'s store check: a real committed write, cached ≤ 1 s. The cache runs on a monotonic
 * clock, not the injected one: it limits fsyncs, it is not a business time rule, and a test's
 * frozen clock must not freeze readiness. Not-ready and recovered are each logged once.
 */
export function createWriteProbe(store: Pick<Store, 'probeWrite'>, now: () => Date, logger: Logger, monotonicMs: () => number = () => performance.now()): () => Promise<boolean> {
  let checkedAt: number | undefined;
  let ready = true;
  return async () => {
    const at = monotonicMs();
    if (checkedAt !== undefined && at - checkedAt < PROBE_CACHE_MS) return ready;
    const result = await store.probeWrite(now().getTime());
    checkedAt = at;
    if (result.ok !== ready) {
      if (result.ok) logger.info('store accepts writes again: ready');
      else logger.warn({ code: result.code }, 'store cannot write: not ready, new submissions answered 503');
    }
    ready = result.ok;
    return ready;
  };
}
