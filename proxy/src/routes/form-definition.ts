import type { RequestHandler } from 'express';
import type { FormTokens } from '../bots/form-token.ts';

export interface FormDefinitionOptions {
  readonly tokens: FormTokens;
  readonly now: () => Date;
}

/**
 * `GET /v1/forms/:formId?locale=…`: the public definition in the visitor's best locale,
 * serialised once at start-up, with a fresh signed form token spliced into every answer (the
 * token is base64url and dots only, so it needs no escaping). Never cached by browsers, and no
 * ETag: no two answers are the same, and a `304` would hand back no token. The locale comes
 * from the query string only, which is part of the URL, so no `Vary` is needed.
 */
export function sendFormDefinition(options: FormDefinitionOptions): RequestHandler {
  return (req, res) => {
    // The app turns Express's query parser off (no nested objects from a URL); this is the one key read.
    const query = req.originalUrl.indexOf('?');
    const locale = query === -1 ? null : new URLSearchParams(req.originalUrl.slice(query + 1)).get('locale');
    const runtime = res.locals.form;
    const chosen = runtime?.definitionFor(locale);
    res.setHeader('Cache-Control', 'no-store');
    if (!runtime || !chosen) return void res.type('application/json').send(chosen?.json);
    const token = options.tokens.issueToken(runtime.form.id, options.now().getTime());
    res.type('application/json').send(`${chosen.json.slice(0, -1)},"token":"${token}"}`);
  };
}
