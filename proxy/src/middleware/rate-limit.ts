import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { RateWindow } from '../config/config.ts';
import type { FormRuntime } from '../forms/form-runtime.ts';
import { HttpError } from '../http/http-error.ts';
import { ipMatcher } from '../net/ip-ranges.ts';
import { capAlarm } from './cap-alarm.ts';

/** IPv6 clients are grouped by /56, the usual size of one household's or office's allocation. */
const IPV6_SUBNET = 56;

export type LimitedAction = 'submit' | 'definition';

export interface RateLimitOptions {
  readonly forms: ReadonlyMap<string, FormRuntime>;
  readonly logger: Logger;
  /** The clock of the once-a-minute cap alarm. */
  readonly now: () => Date;
  /** A shared store (Redis) for several instances; each limiter gets its own from the factory. */
  readonly createStore?: (prefix: string) => Store;
}

interface LimiterOptions {
  readonly window: RateWindow;
  readonly name: string;
  readonly key: (ip: string) => string;
  readonly store: Store | undefined;
  readonly skip?: (ip: string) => boolean;
  /** Counts only requests this says succeeded (the count is taken back when the answer ends). */
  readonly counts?: (locals: Express.Locals) => boolean;
  readonly onRefused?: () => void;
}

function limiter(options: LimiterOptions): RequestHandler {
  const ip = (res: { locals: Express.Locals }) => res.locals.clientIp ?? 'unknown';
  const { counts, skip, onRefused } = options;
  return rateLimit({
    windowMs: options.window.windowSeconds * 1000,
    limit: options.window.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: options.name,
    keyGenerator: (_req, res) => options.key(ipKeyGenerator(ip(res), IPV6_SUBNET)),
    handler: (_req, res, next) => {
      res.locals.rateLimitedBy = options.name === 'per-ip' ? 'ip' : 'form';
      onRefused?.();
      next(new HttpError('rate_limited'));
    },
    ...(skip ? { skip: (_req, res) => skip(ip(res)) } : {}),
    ...(counts ? { skipFailedRequests: true, requestWasSuccessful: (_req, res) => counts(res.locals) } : {}),
    // TRUST_PROXY is set on purpose and the address is normalised before keying; the
    // library's guesses about both are noise.
    validate: { xForwardedForHeader: false, trustProxy: false, ip: false },
    ...(options.store ? { store: options.store } : {}),
  });
}

/**
 * Per-form limits, built once per form at start-up: per client IP (never for the form's
 * `exemptIps`) and, for submissions, a cap per form. The cap is checked here, before the body
 * is parsed (the contract's order), but a request keeps its place in it only if its fields
 * validated: invalid requests from many addresses cannot close a form. Runs after `findForm`,
 * so an unknown form never creates a limiter key.
 */
export function formRateLimit(action: LimitedAction, options: RateLimitOptions): RequestHandler {
  const chains = new Map<string, RequestHandler[]>();
  const alarm = capAlarm(options.logger, options.now);
  for (const [id, runtime] of options.forms) {
    const limits = runtime.form.rateLimit;
    const store = (suffix: string) => options.createStore?.(`rl:${action}:${suffix}:${id}:`);
    const exempt = ipMatcher(limits.exemptIps);
    const perIp = (window: RateWindow) => limiter({ window, name: 'per-ip', key: (ip) => ip, store: store('ip'), skip: exempt });
    chains.set(
      id,
      action === 'submit'
        ? [
            perIp(limits.perIp),
            limiter({
              window: limits.perForm,
              name: 'per-form',
              key: () => 'all',
              store: store('form'),
              counts: (locals) => locals.fieldsValid === true,
              onRefused: () => alarm.refused(id, limits.perForm),
            }),
          ]
        : [perIp(limits.definitionPerIp)],
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
