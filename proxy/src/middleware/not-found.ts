import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error.ts';

/** `404 not_found` for any route the API does not have. */
export function notFound(): RequestHandler {
  return (_req, _res, next) => next(new HttpError('not_found'));
}

/** `405 method_not_allowed` with an `Allow` header, for a known route asked with the wrong method. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (_req, _res, next) => next(new HttpError('method_not_allowed', { headers: { Allow: allow } }));
}
