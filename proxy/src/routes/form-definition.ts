import type { RequestHandler } from 'express';

/** `GET /v1/forms/:formId`: the public definition, precomputed at start-up, never cached by browsers. */
export function sendFormDefinition(): RequestHandler {
  return (_req, res) => {
    const runtime = res.locals.form;
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/json').send(runtime?.definitionJson);
  };
}
