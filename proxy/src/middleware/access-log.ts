import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { anonymiseIp } from '../logging/anonymise-ip.ts';
import { loggableUrl } from '../logging/loggable-url.ts';

/**
 * One line per request once it is answered: route, status, time, form, error code and the
 * names of failing fields. Never a body, never a value a visitor typed.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('close', () => {
      const locals = res.locals;
      logger.info(
        {
          requestId: locals.requestId,
          method: req.method,
          url: loggableUrl(req.originalUrl),
          status: res.headersSent ? res.statusCode : null,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          ip: anonymiseIp(req.ip),
          form: locals.form?.form.id,
          submissionId: locals.submissionId,
          errorCode: locals.errorCode,
          fieldErrors: locals.fieldErrors,
        },
        'request',
      );
    });
    next();
  };
}
