import type { RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, type Options, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { RateWindow } from '../config/config.ts';
import type { FormRuntime } from '../forms/form-runtime.ts';
import { HttpError } from '../http/http-error.ts';
import { ipMatcher } from '../net/ip-ranges.ts';
import { capAlarm } from './cap-alarm.ts';
import { setRateLimitHeaders, setRetryAfter } from './rate-limit-headers.ts';

/** IPv6 clients are grouped by /56, the usual size of one household's or office's allocation. */
const IPV6_SUBNET = 56;

export type LimitedAction = 'submit' | 'definition';

export interface RateLimitOptions {
  readonly forms: ReadonlyMap<string, FormRuntime>;
  readonly logger: Logger;
  /** The clock of the once-a-minute cap alarm. */
  readonly now: () => Date;
  /** A shared store (PostgreSQL) for several instances; each limiter gets its own from the factory. */
  readonly createStore?: (prefix: string) => Store;
}

/** One fixed window counted in a store: a per-IP limit or a form's cap. */
interface Limiter {
  readonly name: 'per-ip' | 'per-form';
  readonly window: RateWindow;
  readonly store: Store;
  /** The key counted, from the client's address (IPv6 by /56). */
  readonly key: (subnet: string) => string;
  /** Whether the client's own address is exempt. */
  readonly skip?: (ip: string) => boolean;
  /** Counts only requests this says succeeded (the count is taken back when the answer ends). */
  readonly counts?: (locals: Express.Locals) => boolean;
  readonly onRefused?: () => void;
}

function windowStore(window: RateWindow, shared: Store | undefined): Store {
  const store = shared ?? new MemoryStore();
  // The stores read the window's length only; the rest of express-rate-limit's options is its middleware's.
  const options: Pick<Options, 'windowMs'> = { windowMs: window.windowSeconds * 1000 };
  void store.init?.(options as Options);
  return store;
}

/** Takes a request's hit back once, unless its window already ended (a new window owes it nothing). */
function takeBackWhenUncounted(res: Response, limiter: Limiter, key: string, resetTime: Date | undefined): void {
  const counts = limiter.counts;
  if (counts === undefined) return;
  res.once('close', () => {
    if (res.writableEnded && counts(res.locals)) return;
    if (resetTime !== undefined && Date.now() >= resetTime.getTime()) return;
    void Promise.resolve(limiter.store.decrement(key)).catch(() => undefined);
  });
}

/**
 * Counts the request against each limiter in turn and resolves with the first one it is over
 * (after its `Retry-After`), else undefined; every limiter consulted adds its draft-8
 * `RateLimit` / `RateLimit-Policy` entry. One async step per limiter instead of a middleware
 * each: this runs on every form request, so it is written for that.
 */
async function count(limiters: readonly Limiter[], res: Response): Promise<Limiter | undefined> {
  const ip = res.locals.clientIp ?? 'unknown';
  const subnet = ipKeyGenerator(ip, IPV6_SUBNET);
  for (const limiter of limiters) {
    if (limiter.skip?.(ip)) continue;
    const key = limiter.key(subnet);
    const { totalHits, resetTime } = await limiter.store.increment(key);
    takeBackWhenUncounted(res, limiter, key, resetTime);
    const { max, windowSeconds } = limiter.window;
    setRateLimitHeaders(res, { name: limiter.name, key, limit: max, used: totalHits, windowSeconds, resetTime });
    if (totalHits > max) {
      setRetryAfter(res, windowSeconds, resetTime);
      return limiter;
    }
  }
  return undefined;
}

/**
 * Per-form limits, built once per form at start-up: per client IP (never for the form's
 * `exemptIps`) and, for submissions, a cap per form. The cap is checked here, before the body
 * is parsed (the contract's order), but a request keeps its place in it only if its fields
 * validated: invalid requests from many addresses cannot close a form. Runs after `findForm`,
 * so an unknown form never creates a limiter key. A shared store that cannot count answers
 * through its wrapper (routes/rate-limit-store-errors.ts).
 */
export function formRateLimit(action: LimitedAction, options: RateLimitOptions): RequestHandler {
  const byForm = new Map<string, Limiter[]>();
  const alarm = capAlarm(options.logger, options.now);
  for (const [id, runtime] of options.forms) {
    const limits = runtime.form.rateLimit;
    const store = (suffix: string, window: RateWindow) => windowStore(window, options.createStore?.(`rl:${action}:${suffix}:${id}:`));
    const exempt = ipMatcher(limits.exemptIps);
    const perIp = (window: RateWindow): Limiter => ({ name: 'per-ip', window, store: store('ip', window), key: (ip) => ip, skip: exempt });
    byForm.set(
      id,
      action === 'submit'
        ? [
            perIp(limits.perIp),
            {
              name: 'per-form',
              window: limits.perForm,
              store: store('form', limits.perForm),
              key: () => 'all',
              counts: (locals) => locals.fieldsValid === true,
              onRefused: () => alarm.refused(id, limits.perForm),
            },
          ]
        : [perIp(limits.definitionPerIp)],
    );
  }

  return (_req, res, next) => {
    const limiters = res.locals.form ? byForm.get(res.locals.form.form.id) : undefined;
    if (!limiters) return next(new HttpError('form_not_found'));
    count(limiters, res).then((refusedBy) => {
      if (refusedBy === undefined) return next();
      res.locals.rateLimitedBy = refusedBy.name === 'per-ip' ? 'ip' : 'form';
      refusedBy.onRefused?.();
      next(new HttpError('rate_limited'));
    }, next);
  };
}
