import type { RequestHandler } from 'express';

/**
 * `GET /v1/forms/:formId?locale=…`: the public definition in the visitor's best locale,
 * precomputed at start-up, never cached by browsers (it will carry a fresh anti-bot token).
 * The locale comes from the query string only, which is part of the URL, so no `Vary` is
 * needed; the ETag differs per locale's representation.
 */
export function sendFormDefinition(): RequestHandler {
  return (req, res) => {
    // The app turns Express's query parser off (no nested objects from a URL); this is the one key read.
    const query = req.originalUrl.indexOf('?');
    const locale = query === -1 ? null : new URLSearchParams(req.originalUrl.slice(query + 1)).get('locale');
    const chosen = res.locals.form?.definitionFor(locale);
    res.setHeader('Cache-Control', 'no-store');
    if (chosen) res.setHeader('ETag', chosen.etag);
    res.type('application/json').send(chosen?.json);
  };
}
