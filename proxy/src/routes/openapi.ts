import { ERROR_MESSAGES, ERROR_STATUS, ErrorBody, type ErrorCode, FORM_ID_PATTERN, PublicFormDefinition, Submission, SubmissionAccepted } from '@gleantap-capture/shared';
import { Router } from 'express';
import * as z from 'zod/mini';
import { methodNotAllowed } from '../middleware/not-found.ts';

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1 (without the per-schema `$schema` key). */
function schema(value: z.ZodMiniType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(value, { unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** `fields` is checked per form, so the shape schema only knows it is an object of strings. */
function submissionSchema(): Record<string, unknown> {
  const base = schema(Submission) as { properties: Record<string, unknown> };
  return {
    ...base,
    properties: {
      ...base.properties,
      fields: { type: 'object', additionalProperties: { type: 'string' }, description: "The form's declared fields only; see its definition." },
    },
  };
}
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });

/** The error answers a route can give, each with its status and the contract's meaning. */
function errors(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), `\`${code}\`: ${ERROR_MESSAGES[code]}`]);
  return Object.fromEntries([...byStatus].map(([status, lines]) => [String(status), { description: lines.join(' '), content: json('ErrorBody') }]));
}

/**
 * The OpenAPI 3.1 description of the public API, generated from the shared zod schemas once
 * at start-up, so it cannot drift from what the proxy enforces.
 */
export function buildOpenApi(): Record<string, unknown> {
  const formId = { name: 'formId', in: 'path', required: true, schema: { type: 'string', pattern: FORM_ID_PATTERN.source } };
  const origin = { name: 'Origin', in: 'header', required: true, schema: { type: 'string' }, description: "One of the form's allowed origins." };
  return {
    openapi: '3.1.0',
    info: { title: 'Gleantap Capture', version: '1', description: 'Signup forms whose leads land in Gleantap as contacts.' },
    paths: {
      '/v1/forms/{formId}': {
        get: {
          summary: 'The public form definition',
          parameters: [formId, origin],
          responses: { '200': { description: 'The form.', content: json('PublicFormDefinition') }, ...errors(['form_not_found', 'origin_not_allowed', 'rate_limited']) },
        },
      },
      '/v1/forms/{formId}/submissions': {
        post: {
          summary: 'Submit a signup',
          parameters: [formId, origin, { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', format: 'uuid' } }],
          requestBody: { required: true, content: json('Submission') },
          responses: {
            '201': { description: 'Delivered to Gleantap now.', content: json('SubmissionAccepted') },
            '202': { description: 'Stored durably; delivered later.', content: json('SubmissionAccepted') },
            ...errors([
              'invalid_body',
              'invalid_fields',
              'origin_not_allowed',
              'invalid_token',
              'form_not_found',
              'method_not_allowed',
              'request_timeout',
              'idempotency_in_progress',
              'payload_too_large',
              'unsupported_media_type',
              'idempotency_conflict',
              'rate_limited',
              'unavailable',
            ]),
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'The process runs.' } } } },
      '/readyz': { get: { summary: 'Readiness: the store accepts a write', responses: { '200': { description: 'Ready.' }, '503': { description: 'Not ready.' } } } },
      '/healthz/delivery': {
        get: {
          summary: 'Delivery health: leads reach Gleantap',
          responses: {
            '200': { description: '`{"status":"ok"}`: no lead has waited longer than `outbox.alertAfter` and Gleantap accepts the keys.' },
            '503': {
              description:
                '`{"status":"degraded","oldestQueuedSeconds":…,"dead24h":…}` (with `"keysRefused":true` when Gleantap refuses a form\'s keys), or `{"status":"unknown"}` when the store cannot be read.',
            },
          },
        },
      },
      '/widget.js': { get: { summary: 'The widget script', responses: { '200': { description: 'JavaScript.' } } } },
    },
    components: {
      schemas: {
        Submission: submissionSchema(),
        SubmissionAccepted: schema(SubmissionAccepted),
        ErrorBody: schema(ErrorBody),
        PublicFormDefinition: schema(PublicFormDefinition),
      },
    },
  };
}

/** `GET /openapi.json`. */
export function openApiRoutes(): Router {
  const body = JSON.stringify(buildOpenApi());
  const router = Router();
  router
    .route('/openapi.json')
    .get((_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('application/json').send(body);
    })
    .all(methodNotAllowed(['GET', 'HEAD']));
  return router;
}
