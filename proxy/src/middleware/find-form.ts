import type { RequestHandler } from 'express';
import type { FormRuntime } from '../forms/form-runtime.ts';
import { HttpError } from '../http/http-error.ts';

/**
 * `404 form_not_found` for an unknown form id; otherwise puts the form on `res.locals.form`.
 * The 404 carries `Access-Control-Allow-Origin` for any origin some form allows (`corsHeaders`),
 * so a page with a typo in `data-form` learns which id is unknown, never which ids exist.
 */
export function findForm(forms: ReadonlyMap<string, FormRuntime>): RequestHandler {
  return (req, res, next) => {
    const formId = req.params['formId'];
    const runtime = typeof formId === 'string' ? forms.get(formId) : undefined;
    if (!runtime) return next(new HttpError('form_not_found'));
    res.locals.form = runtime;
    next();
  };
}
