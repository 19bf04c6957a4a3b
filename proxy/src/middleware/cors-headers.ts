import type { RequestHandler } from 'express';
import { requestOrigin } from '../config/origins.ts';
import type { FormRuntime } from '../forms/form-runtime.ts';

const FORM_PATH = /^\/v1\/forms\/([^/]+)(?:\/|$)/;
const EXPOSED_HEADERS = 'Retry-After, RateLimit, RateLimit-Policy, X-Request-Id';

/**
 * Adds `Access-Control-Allow-Origin` to every answer, errors included, when the request's
 * Origin is allowed for the form its path names (or, off form paths and for unknown form ids,
 * for any form), so the widget can read why it failed. Whether the request is *accepted* is `checkOrigin`'s job.
 */
export function corsHeaders(forms: ReadonlyMap<string, FormRuntime>): RequestHandler {
  const anyFormOrigins = new Set<string>();
  for (const runtime of forms.values()) for (const origin of runtime.form.allowedOrigins) anyFormOrigins.add(origin);

  return (req, res, next) => {
    res.vary('Origin');
    const header = req.get('origin');
    if (header === undefined) return next();
    const formId = FORM_PATH.exec(req.path)?.[1];
    const runtime = formId === undefined ? undefined : forms.get(decodeURIComponentSafe(formId));
    // An unknown form id (a typo in `data-form`) is answered to any origin some form allows,
    // so the owner's page can read the 404 and the widget can name the id it asked for.
    const allowed = runtime ? runtime.form.allowedOrigins : anyFormOrigins;
    const parsed = requestOrigin(header, allowed);
    if (!parsed.ok) return next();
    if (allowed.has(parsed.origin)) {
      res.setHeader('Access-Control-Allow-Origin', header);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    next();
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
