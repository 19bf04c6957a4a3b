import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { loggableFieldErrors } from '../forms/unknown-fields.ts';
import { anonymiseIp } from '../logging/anonymise-ip.ts';
import { loggableUrl } from '../logging/loggable-url.ts';

/**
 * One line per request once it is answered: route, status, time, form, error code, the
 * names of failing declared fields and the number of unknown ones. Never a body, never a value
 * a visitor typed, never a field name the client made up (it can be an email address).
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    // Below the configured level the line would be dropped: skip building it.
    if (!logger.isLevelEnabled('info')) return next();
    const started = process.hrtime.bigint();
    res.on('close', () => {
      const locals = res.locals;
      const fields = locals.fieldErrors && loggableFieldErrors(locals.fieldErrors, new Set(locals.form?.form.fields.map((field) => field.name)));
      logger.info(
        {
          requestId: locals.requestId,
          method: req.method,
          url: loggableUrl(req.originalUrl),
          status: res.headersSent ? res.statusCode : null,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          ip: anonymiseIp(locals.clientIp),
          form: locals.form?.form.id,
          submissionId: locals.submissionId,
          errorCode: locals.errorCode,
          fieldErrors: fields?.fieldErrors,
          unknownFields: fields?.unknownFields || undefined,
        },
        'request',
      );
    });
    next();
  };
}
