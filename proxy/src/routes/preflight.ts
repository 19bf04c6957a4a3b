import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key, X-Request-Id';

/**
 * CORS preflight for an allowed origin (checked before this runs): the methods and headers
 * the widget uses, cached by the browser for ten minutes.
 */
export function preflight(methods: readonly string[]): RequestHandler {
  const allowMethods = methods.join(', ');
  return (_req, res) => {
    res.setHeader('Access-Control-Allow-Methods', allowMethods);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
