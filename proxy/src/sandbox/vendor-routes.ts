import { NewContactBody, OptinBody } from '@gleantap-capture/shared';
import express, { type Request, type RequestHandler, type Router } from 'express';
import * as z from 'zod';
import { runFault } from './fault-injection.ts';
import type { SandboxState } from './sandbox-state.ts';
import { sendAnswer, type VendorAnswer, vendorError } from './vendor-answer.ts';
import type { KeyCheck } from './vendor-auth.ts';

/** `getCustomers` body: the sandbox only needs the app and a page size. */
const GetCustomersBody = z.looseObject({
  app_id: z.string().min(1),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const DEFAULT_CUSTOMER_LIMIT = 100;

/** A one-line vendor-style message from the first schema issue (`last_name: Invalid input…`). */
function invalid(error: z.core.$ZodError): VendorAnswer {
  const issue = error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
  return vendorError(400, `Invalid request: ${where}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Wraps an endpoint's work in the order a real upstream would fail: a `before` fault fires
 * before keys are even looked at; the work (store, record) happens; an `after` fault then
 * replaces a successful answer — the ambiguous case where the client never learns it worked.
 */
function vendorEndpoint(name: string, state: SandboxState, keysMatch: KeyCheck, work: (body: unknown) => VendorAnswer): RequestHandler {
  return async (req: Request, res) => {
    const fault = state.faults.pick(name);
    if (fault?.phase === 'before' && (await runFault(fault, res)) === 'handled') return;
    const answer = keysMatch(req) ? work(req.body) : vendorError(401, 'Invalid API credentials');
    // Only a success is turned into a failure: a 400 or 401 stored nothing, so nothing is ambiguous.
    if (fault?.phase === 'after' && answer.status < 300 && (await runFault(fault, res)) === 'handled') return;
    sendAnswer(res, answer);
  };
}

/** The vendor's documented endpoints under `/v2/ExternalApi`. */
export function createVendorRoutes(state: SandboxState, keysMatch: KeyCheck): Router {
  const router = express.Router();

  router.post(
    '/ExternalApi/newContact',
    vendorEndpoint('newContact', state, keysMatch, (body) => {
      const parsed = NewContactBody.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const { id } = state.contacts.upsert(parsed.data);
      return { status: 200, body: { status: 'success', _id: id } };
    }),
  );

  router.post(
    '/ExternalApi/optin',
    vendorEndpoint('optin', state, keysMatch, (body) => {
      const parsed = OptinBody.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      state.recordOptin(parsed.data);
      return { status: 200, body: { status: 'success' } };
    }),
  );

  router.post(
    '/ExternalApi/getCustomers',
    vendorEndpoint('getCustomers', state, keysMatch, (body) => {
      const parsed = GetCustomersBody.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const data = state.contacts.forApp(parsed.data.app_id, parsed.data.limit ?? DEFAULT_CUSTOMER_LIMIT);
      return { status: 200, body: { status: 'success', data } };
    }),
  );

  router.use((_req, res) => sendAnswer(res, vendorError(404, 'Not found')));
  return router;
}
