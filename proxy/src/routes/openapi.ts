import { ENDPOINTS, type Endpoint, ERROR_MESSAGES, ERROR_STATUS, ErrorBody, type ErrorCode, type NamedSchema, openApiEndpoint, type Parameter } from '@gleantap-capture/shared';
import * as z from 'zod/mini';
import type { EndpointChain } from './endpoints.ts';

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1 (without the per-schema `$schema` key). */
function schema(value: z.ZodMiniType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(value, { unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** `fields` is checked per form, so the shape schema only knows it is an object of strings. */
function submissionSchema(base: Record<string, unknown>): Record<string, unknown> {
  const { properties } = base as { properties: Record<string, unknown> };
  return {
    ...base,
    properties: {
      ...properties,
      fields: { type: 'object', additionalProperties: { type: 'string' }, description: "The form's declared fields only; see its definition." },
    },
  };
}

/** Where a component's generated schema needs words zod cannot carry. */
const REFINED: Readonly<Record<string, (base: Record<string, unknown>) => Record<string, unknown>>> = { Submission: submissionSchema };

const ERROR_BODY: NamedSchema = { name: 'ErrorBody', schema: ErrorBody };

/** `/v1/forms/:formId` → `/v1/forms/{formId}`. */
export function openApiPath(template: string): string {
  return template.replace(/:([A-Za-z]+)/g, '{$1}');
}

/** Builds each operation, collecting the named body schemas it refers to as components. */
function operations(components: Map<string, Record<string, unknown>>) {
  const content = (contentType: string, body: NamedSchema | undefined) => {
    if (body && !components.has(body.name)) components.set(body.name, (REFINED[body.name] ?? ((base) => base))(schema(body.schema)));
    return { [contentType]: body ? { schema: { $ref: `#/components/schemas/${body.name}` } } : {} };
  };
  const parameter = (where: 'path' | 'query' | 'header') => (param: Parameter) => ({
    name: param.name,
    in: where,
    required: param.required,
    schema: schema(param.schema),
    ...(param.description ? { description: param.description } : {}),
  });
  /** The error answers of an endpoint, grouped by status, each code with the contract's meaning. */
  const errors = (codes: readonly ErrorCode[]) => {
    const byStatus = new Map<number, string[]>();
    for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), `\`${code}\`: ${ERROR_MESSAGES[code]}`]);
    return Object.fromEntries([...byStatus].map(([status, lines]) => [String(status), { description: lines.join(' '), content: content('application/json', ERROR_BODY) }]));
  };
  return (endpoint: Endpoint): Record<string, unknown> => ({
    summary: endpoint.summary,
    parameters: [...endpoint.params.map(parameter('path')), ...endpoint.query.map(parameter('query')), ...endpoint.headers.map(parameter('header'))],
    ...(endpoint.request
      ? {
          requestBody: {
            required: true,
            description: `At most ${endpoint.request.limitBytes} bytes.`,
            content: content(endpoint.request.contentType, endpoint.request.body),
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(endpoint.answers).map(([status, answer]) => [status, { description: answer.description, ...(answer.contentType ? { content: content(answer.contentType, answer.body) } : {}) }]),
      ),
      ...errors(endpoint.errors),
    },
  });
}

/**
 * The OpenAPI 3.1 description of the public API, generated once at start-up from the endpoint
 * contracts in shared/ (paths, methods, parameters, bodies, answers and error codes), so it
 * cannot drift from what the proxy mounts and enforces.
 */
export function buildOpenApi(): Record<string, unknown> {
  const components = new Map<string, Record<string, unknown>>();
  const operation = operations(components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of ENDPOINTS) {
    const path = openApiPath(endpoint.path);
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operation(endpoint) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Gleantap Capture', version: '1', description: 'Signup forms whose leads land in Gleantap as contacts.' },
    paths,
    components: { schemas: Object.fromEntries(components) },
  };
}

/** `GET /openapi.json`. */
export function openApiEndpoints(): EndpointChain[] {
  const body = JSON.stringify(buildOpenApi());
  return [
    [
      openApiEndpoint,
      (_req, res) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.type('application/json').send(body);
      },
    ],
  ];
}
