/**
 * The sandbox Gleantap: a stand-in for Gleantap's External API that tests, the demo and owners
 * trying the proxy out can run locally (`gleantap-capture sandbox`).
 *
 * It implements the documented contract — `newContact` with create-or-update matching (user_id,
 * else email + first name, else phone + first name, within one app_id), `optin`, and
 * `getCustomers` for `check-config --live` — behind the same `X-API-KEY` / `X-SECRET-KEY` check
 * (401 when wrong). Around that it adds control endpoints a real upstream does not have:
 *
 * - `GET|DELETE /_sandbox/contacts` — inspect or forget contacts (DELETE also clears the call log).
 * - `GET /_sandbox/calls` — every `/v2/*` request in arrival order, key headers redacted.
 * - `POST|GET|DELETE /_sandbox/faults` — inject, list, heal faults. Modes: `error` (answer
 *   `status`), `429` (with `Retry-After`), `timeout` (never answer; hold the socket), `reset`
 *   (destroy the socket unanswered), `slow` (wait `delayMs`, then answer normally). `phase:
 *   "after"` does the work (stores the contact) before failing: the case where a client cannot
 *   tell whether its call took effect. `rate` is the chance a request is hit.
 *
 * It is a separate Express app on its own listener; the real proxy never mounts any of this.
 * Its control endpoints have no authentication, which is why `startSandbox` warns when it is
 * bound to anything but loopback.
 */
import express, { type ErrorRequestHandler, type Express } from 'express';
import { recordCallBody, recordCalls } from './call-recorder.ts';
import { createControlRoutes } from './control-routes.ts';
import { createSandboxState, type SandboxState } from './sandbox-state.ts';
import { createKeyCheck } from './vendor-auth.ts';
import { createVendorRoutes } from './vendor-routes.ts';

/** Options of one sandbox instance; `random` and `now` are injectable for deterministic tests. */
export interface SandboxAppOptions {
  apiKey: string;
  secretKey: string;
  random?: () => number;
  now?: () => Date;
}

/** A sandbox app and a handle on what it remembers. */
export interface SandboxApp {
  readonly app: Express;
  readonly state: SandboxState;
}

/** Answers body-parser failures (bad JSON, too large) in the vendor's error shape. */
const answerErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message = status === 400 ? 'Invalid JSON body' : status === 500 ? 'Internal sandbox error' : `Request refused (HTTP ${status})`;
  res.status(status).json({ status: 'error', message });
};

/** Builds the sandbox Gleantap app; it does not listen (see `startSandbox`). */
export function createSandboxApp(options: SandboxAppOptions): SandboxApp {
  if (options.apiKey === '' || options.secretKey === '') {
    throw new Error('the sandbox needs a non-empty apiKey and secretKey');
  }
  const now = options.now ?? ((): Date => new Date());
  const state = createSandboxState({ random: options.random ?? Math.random, now });
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  // The recorder runs before body parsing so that even unparseable calls are logged.
  app.use('/v2', recordCalls(state.calls, now));
  app.use(express.json({ limit: '100kb' }));
  app.use('/v2', recordCallBody());
  app.use('/v2', createVendorRoutes(state, createKeyCheck(options)));
  app.use('/_sandbox', createControlRoutes(state));
  app.use((_req, res) => {
    res.status(404).json({ status: 'error', message: 'Not found' });
  });
  app.use(answerErrors);
  return { app, state };
}
