/**
 * Where each public endpoint lives and which method it takes: the part of the endpoint
 * contracts (`./index.ts`) that the widget needs. Free of zod and of every other import, so
 * the script tag pays only for the strings it uses.
 */

export type Method = 'GET' | 'POST' | 'OPTIONS';

/** An endpoint's method and its path template (Express syntax: `:name` is one segment). */
export interface Route {
  readonly method: Method;
  readonly path: string;
}

/** The form routes' path templates; the widget builds its URLs from these two strings alone. */
export const FORM_DEFINITION_PATH = '/v1/forms/:formId';
export const SUBMISSIONS_PATH = '/v1/forms/:formId/submissions';

/** `GET /v1/forms/:formId`: the public form definition. */
export const FORM_DEFINITION_ROUTE = { method: 'GET', path: FORM_DEFINITION_PATH } as const satisfies Route;
/** `POST /v1/forms/:formId/submissions`: a signup. */
export const SUBMISSIONS_ROUTE = { method: 'POST', path: SUBMISSIONS_PATH } as const satisfies Route;
/** CORS preflights of the two form routes. */
export const FORM_DEFINITION_PREFLIGHT_ROUTE = { method: 'OPTIONS', path: FORM_DEFINITION_PATH } as const satisfies Route;
export const SUBMISSIONS_PREFLIGHT_ROUTE = { method: 'OPTIONS', path: SUBMISSIONS_PATH } as const satisfies Route;
/** Liveness and readiness probes. */
export const HEALTHZ_ROUTE = { method: 'GET', path: '/healthz' } as const satisfies Route;
export const READYZ_ROUTE = { method: 'GET', path: '/readyz' } as const satisfies Route;
export const DELIVERY_HEALTH_ROUTE = { method: 'GET', path: '/healthz/delivery' } as const satisfies Route;
/** The OpenAPI document of these routes. */
export const OPENAPI_ROUTE = { method: 'GET', path: '/openapi.json' } as const satisfies Route;
/** The current widget script, and each release's immutable copy (`widget.<hash>.js`). */
export const WIDGET_SCRIPT_ROUTE = { method: 'GET', path: '/widget.js' } as const satisfies Route;
export const WIDGET_RELEASE_ROUTE = { method: 'GET', path: '/widget/:file' } as const satisfies Route;

/** Every public endpoint, in the order the proxy mounts them. */
export const ROUTES: readonly Route[] = [
  WIDGET_SCRIPT_ROUTE,
  WIDGET_RELEASE_ROUTE,
  OPENAPI_ROUTE,
  HEALTHZ_ROUTE,
  READYZ_ROUTE,
  DELIVERY_HEALTH_ROUTE,
  FORM_DEFINITION_ROUTE,
  FORM_DEFINITION_PREFLIGHT_ROUTE,
  SUBMISSIONS_ROUTE,
  SUBMISSIONS_PREFLIGHT_ROUTE,
];

/** The largest submission body accepted, in bytes; a signup never needs more than 16 KiB. */
export const SUBMISSION_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * The methods a path answers, as its `405` lists them in `Allow`: HEAD follows GET, because a
 * GET route answers HEAD too. Empty for a path no endpoint has.
 */
export function allowedMethods(path: string): string[] {
  return ROUTES.filter((route) => route.path === path).flatMap((route) => (route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]));
}

/** The methods a CORS preflight on this path allows: the path's own, HEAD aside (no browser preflights it). */
export function preflightMethods(path: string): string[] {
  return allowedMethods(path).filter((method) => method !== 'HEAD');
}

/** A path template with each `:name` segment replaced by its value, percent-encoded. */
export function fillPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
