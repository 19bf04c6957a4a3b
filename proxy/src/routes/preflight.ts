import { PREFLIGHT_ALLOW_HEADERS, PREFLIGHT_MAX_AGE_SECONDS, preflightMethods } from '@gleantap-capture/shared';
import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = PREFLIGHT_ALLOW_HEADERS.join(', ');
const MAX_AGE = String(PREFLIGHT_MAX_AGE_SECONDS);

/**
 * CORS preflight for an allowed origin (checked before this runs): the methods the contracts
 * give `path` and the headers the widget uses, cached by the browser for ten minutes.
 */
export function preflight(path: string): RequestHandler {
  const allowMethods = preflightMethods(path).join(', ');
  return (_req, res) => {
    res.setHeader('Access-Control-Allow-Methods', allowMethods);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', MAX_AGE);
    res.status(204).end();
  };
}
