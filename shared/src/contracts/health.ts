import { DeliveryHealth, Liveness, Readiness } from '../answers.ts';
import { type Endpoint, JSON_TYPE } from './endpoint.ts';
import { DELIVERY_HEALTH_ROUTE, HEALTHZ_ROUTE, READYZ_ROUTE } from './paths.ts';

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

const deliveryHealth = { name: 'DeliveryHealth', schema: DeliveryHealth };

/**
 * `GET /healthz/delivery`: for uptime monitors, whether leads reach Gleantap — 503 while a lead
 * has waited longer than `outbox.alertAfter` or Gleantap refuses a form's keys.
 */
export const deliveryHealthEndpoint = {
  ...DELIVERY_HEALTH_ROUTE,
  summary: 'Delivery health: leads reach Gleantap',
  params: [],
  query: [],
  headers: [],
  answers: {
    200: { description: '`{"status":"ok"}`: no lead has waited longer than `outbox.alertAfter` and Gleantap accepts the keys.', contentType: JSON_TYPE, body: deliveryHealth },
    503: {
      description: "`degraded` with the oldest lead's age and the dead letters of the last 24 hours (and `keysRefused`), or `unknown` when the store cannot be read.",
      contentType: JSON_TYPE,
      body: deliveryHealth,
    },
  },
  errors: ['method_not_allowed'],
} as const satisfies Endpoint;
