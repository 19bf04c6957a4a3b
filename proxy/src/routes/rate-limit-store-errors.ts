import type { ClientRateLimitInfo, Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { HttpError } from '../http/http-error.ts';
import { storeErrorCode } from '../store/store-error.ts';

/** What a limiter does while its shared store (PostgreSQL) cannot count. */
export type WhenStoreFails = 'unavailable' | 'allow';

/**
 * Wraps a shared rate-limit store so a store outage gets a documented answer, never a 500:
 * `unavailable` (submissions: nothing could be stored anyway) answers 503; `allow` (the form
 * definition, which needs no store) lets the request through uncounted. A failed decrement
 * leaves a count one too high until its window ends. Each failure is logged with its code only.
 */
export function answerStoreErrors(create: (prefix: string) => Store, when: WhenStoreFails, logger: Logger): (prefix: string) => Store {
  return (prefix) => {
    const store = create(prefix);
    // The limiter's window, told at init: an uncounted request is reported as its first hit.
    let windowMs = 60_000;
    const failed = (error: unknown): void => {
      logger.warn({ code: storeErrorCode(error), limiter: prefix }, when === 'allow' ? 'rate-limit store failed: request allowed uncounted' : 'rate-limit store failed: answered 503');
    };
    const wrapped: Store = {
      ...(store.prefix === undefined ? {} : { prefix: store.prefix }),
      ...(store.localKeys === undefined ? {} : { localKeys: store.localKeys }),
      init(options) {
        windowMs = options.windowMs;
        store.init?.(options);
      },
      async increment(key): Promise<ClientRateLimitInfo> {
        try {
          return await store.increment(key);
        } catch (error) {
          failed(error);
          if (when === 'allow') return { totalHits: 1, resetTime: new Date(Date.now() + windowMs) };
          throw new HttpError('unavailable');
        }
      },
      async decrement(key) {
        await Promise.resolve(store.decrement(key)).catch(failed);
      },
      async resetKey(key) {
        await Promise.resolve(store.resetKey(key)).catch(failed);
      },
    };
    if (store.get) wrapped.get = (key) => Promise.resolve(store.get?.(key)).catch(() => undefined);
    return wrapped;
  };
}
