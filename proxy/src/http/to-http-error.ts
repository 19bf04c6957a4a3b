import { HttpError } from './http-error.ts';

/**
 * Maps errors raised by Express itself (e.g. a path segment that is not valid percent-encoding)
 * to contract answers. Anything unrecognised stays a bug: `internal_error`.
 */
export function toHttpError(error: unknown): { readonly httpError: HttpError; readonly unexpected: boolean } {
  if (error instanceof HttpError) return { httpError: error, unexpected: false };
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  if (error instanceof URIError || (status === 400 && error instanceof Error && error.name === 'URIError')) {
    return { httpError: new HttpError('not_found'), unexpected: false };
  }
  return { httpError: new HttpError('internal_error'), unexpected: true };
}
