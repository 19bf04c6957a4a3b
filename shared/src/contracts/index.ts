import type { Endpoint } from './endpoint.ts';
import { formDefinitionEndpoint } from './form-definition.ts';
import { deliveryHealthEndpoint, healthzEndpoint, readyzEndpoint } from './health.ts';
import { openApiEndpoint } from './openapi.ts';
import { formDefinitionPreflightEndpoint, submissionsPreflightEndpoint } from './preflight.ts';
import { submissionsEndpoint } from './submissions.ts';
import { widgetReleaseEndpoint, widgetScriptEndpoint } from './widget-script.ts';

export * from './check-order.ts';
export * from './endpoint.ts';
export * from './form-definition.ts';
export * from './health.ts';
export * from './openapi.ts';
export * from './paths.ts';
export * from './preflight.ts';
export * from './submissions.ts';
export * from './widget-script.ts';

/** Every public endpoint's contract, in the order of `ROUTES`. */
export const ENDPOINTS: readonly Endpoint[] = [
  widgetScriptEndpoint,
  widgetReleaseEndpoint,
  openApiEndpoint,
  healthzEndpoint,
  readyzEndpoint,
  deliveryHealthEndpoint,
  formDefinitionEndpoint,
  formDefinitionPreflightEndpoint,
  submissionsEndpoint,
  submissionsPreflightEndpoint,
];
