import type { RequestHandler } from 'express';
import { requestOrigin } from '../config/origins.ts';
import { HttpError } from '../http/http-error.ts';

const NONE: ReadonlySet<string> = new Set();

/**
 * `403 origin_not_allowed` unless the Origin header is one of the form's exact origins.
 * Missing and `null` origins are refused. This stops other websites' browsers, not bots:
 * any script can forge Origin.
 */
export function checkOrigin(): RequestHandler {
  return (req, res, next) => {
    const form = res.locals.form;
    const header = req.get('origin');
    const parsed = header === undefined ? undefined : requestOrigin(header, form?.form.allowedOrigins ?? NONE);
    if (!form || !parsed?.ok || !form.form.allowedOrigins.has(parsed.origin)) {
      // The refusal itself is readable by the refused page, so the widget can tell the visitor
      // calmly and name the origin to the owner; it carries no data. A preflight refused this
      // way still fails, as its status is not 2xx.
      if (parsed?.ok && header) res.setHeader('Access-Control-Allow-Origin', header);
      return next(new HttpError('origin_not_allowed'));
    }
    next();
  };
}
