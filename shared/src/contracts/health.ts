import { Liveness, Readiness } from '../answers.ts';
import { type Endpoint, JSON_TYPE } from './endpoint.ts';
import { HEALTHZ_ROUTE, READYZ_ROUTE } from './paths.ts';

/** `GET /healthz`: 200 while the process runs. */
export const healthzEndpoint = {
  ...HEALTHZ_ROUTE,
  summary: 'Liveness',
  params: [],
  query: [],
  headers: [],
  answers: { 200: { description: 'The process runs.', contentType: JSON_TYPE, body: { name: 'Liveness', schema: Liveness } } },
  errors: ['method_not_allowed'],
} as const satisfies Endpoint;

const readiness = { name: 'Readiness', schema: Readiness };

/** `GET /readyz`: 200 only while the store accepts a real write. */
export const readyzEndpoint = {
  ...READYZ_ROUTE,
  summary: 'Readiness: the store accepts a write',
  params: [],
  query: [],
  headers: [],
  answers: {
    200: { description: 'Ready.', contentType: JSON_TYPE, body: readiness },
    503: { description: 'Not ready.', contentType: JSON_TYPE, body: readiness },
  },
  errors: ['method_not_allowed'],
} as const satisfies Endpoint;
