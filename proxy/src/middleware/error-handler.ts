import type { ErrorBody } from '@gleantap-capture/shared';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { toHttpError } from '../http/to-http-error.ts';

/**
 * The one place errors become answers: `{error:{code,message,fields?}}`, never a stack,
 * an upstream body or a key. Anything that is not an HttpError is a bug: logged by type
 * and stack frames (not its message, which might quote input), answered 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const { httpError, unexpected } = toHttpError(error);
    if (unexpected) {
      const stack = error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined;
      logger.error({ requestId: res.locals.requestId, errorType: error instanceof Error ? error.name : typeof error, stack }, 'unhandled error');
    }
    res.locals.errorCode = httpError.code;
    if (httpError.fields) res.locals.fieldErrors = httpError.fields;
    for (const [name, value] of Object.entries(httpError.headers)) res.setHeader(name, value);
    if (httpError.closeConnection) res.setHeader('Connection', 'close');
    const body: ErrorBody = {
      error: {
        code: httpError.code,
        message: httpError.message,
        ...(httpError.fields ? { fields: httpError.fields } : {}),
      },
    };
    res.status(httpError.status).json(body);
  };
}
