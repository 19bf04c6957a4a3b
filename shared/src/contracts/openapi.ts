import { type Endpoint, JSON_TYPE } from './endpoint.ts';
import { OPENAPI_ROUTE } from './paths.ts';

/** `GET /openapi.json`: the OpenAPI 3.1 document generated from these contracts. */
export const openApiEndpoint = {
  ...OPENAPI_ROUTE,
  summary: 'This API as OpenAPI 3.1',
  params: [],
  query: [],
  headers: [],
  answers: { 200: { description: 'The OpenAPI document.', contentType: JSON_TYPE } },
  errors: ['method_not_allowed'],
} as const satisfies Endpoint;
