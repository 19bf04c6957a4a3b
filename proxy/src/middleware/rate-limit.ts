import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import type { RateWindow } from '../config/config.ts';
import type { FormRuntime } from '../forms/form-runtime.ts';
import { HttpError } from '../http/http-error.ts';

/** IPv6 clients are grouped by /56, the usual size of one household's or office's allocation. */
const IPV6_SUBNET = 56;

export type LimitedAction = 'submit' | 'definition';

export interface RateLimitOptions {
  readonly forms: ReadonlyMap<string, FormRuntime>;
  /** A shared store (Redis) for several instances; each limiter gets its own from the factory. */
  readonly createStore?: (prefix: string) => Store;
}

function limiter(window: RateWindow, name: string, key: (ip: string) => string, store: Store | undefined): RequestHandler {
  return rateLimit({
    windowMs: window.windowSeconds * 1000,
    limit: window.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: name,
    keyGenerator: (req) => key(ipKeyGenerator(req.ip ?? '', IPV6_SUBNET)),
    handler: (_req, _res, next) => next(new HttpError('rate_limited')),
    // TRUST_PROXY is a hop count set on purpose; the library's guesses about it are noise.
    validate: { xForwardedForHeader: false, trustProxy: false },
    ...(store ? { store } : {}),
  });
}

/**
 * Per-form limits, built once per form at start-up: per client IP and, for submissions, a
 * global cap per form. Runs after `findForm`, so an unknown form never creates a limiter key.
 */
export function formRateLimit(action: LimitedAction, options: RateLimitOptions): RequestHandler {
  const chains = new Map<string, RequestHandler[]>();
  for (const [id, runtime] of options.forms) {
    const limits = runtime.form.rateLimit;
    const store = (suffix: string) => options.createStore?.(`rl:${action}:${suffix}:${id}:`);
    chains.set(
      id,
      action === 'submit'
        ? [
            limiter(limits.perIp, 'per-ip', (ip) => ip, store('ip')),
            limiter(limits.perForm, 'per-form', () => 'all', store('form')),
          ]
        : [limiter(limits.definitionPerIp, 'per-ip', (ip) => ip, store('ip'))],
    );
  }

  return (req, res, next) => {
    const chain = res.locals.form ? chains.get(res.locals.form.form.id) : undefined;
    if (!chain) return next(new HttpError('form_not_found'));
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined) return next(error);
      const handler = chain[index++];
      if (!handler) return next();
      void handler(req, res, step);
    };
    step();
  };
}
