import type { Endpoint } from './endpoint.ts';
import { FORM_ID_PARAM, ORIGIN_HEADER } from './endpoint.ts';
import { FORM_DEFINITION_PREFLIGHT_ROUTE, preflightMethods, type Route, SUBMISSIONS_PREFLIGHT_ROUTE } from './paths.ts';

/** The request headers the widget sends that a preflight must allow. */
export const PREFLIGHT_ALLOW_HEADERS: readonly string[] = ['Content-Type', 'Idempotency-Key', 'X-Request-Id'];
/** How long a browser may cache a preflight's answer (`Access-Control-Max-Age`). */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** A CORS preflight of one form route, answered only for an origin the form allows. */
function preflightOf(route: Route & { readonly method: 'OPTIONS' }): Endpoint {
  return {
    ...route,
    summary: `CORS preflight (${preflightMethods(route.path).join(', ')})`,
    params: [FORM_ID_PARAM],
    query: [],
    headers: [ORIGIN_HEADER],
    answers: { 204: { description: `Allowed: Access-Control-Allow-Methods, -Headers (${PREFLIGHT_ALLOW_HEADERS.join(', ')}) and -Max-Age ${PREFLIGHT_MAX_AGE_SECONDS}.` } },
    errors: ['method_not_allowed', 'form_not_found', 'origin_not_allowed'],
  };
}

export const formDefinitionPreflightEndpoint = preflightOf(FORM_DEFINITION_PREFLIGHT_ROUTE);
export const submissionsPreflightEndpoint = preflightOf(SUBMISSIONS_PREFLIGHT_ROUTE);
