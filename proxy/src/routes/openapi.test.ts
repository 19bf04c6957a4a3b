import { ENDPOINTS, ERROR_STATUS } from '@gleantap-capture/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness.ts';
import { openApiPath } from './openapi.ts';

interface Operation {
  parameters: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: Record<string, { schema?: { $ref: string } }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: { $ref: string } }> }>;
}

describe('GET /openapi.json', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('describes the public API from the shared schemas', async () => {
    const response = await fetch(`${harness.proxy.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; additionalProperties?: unknown }> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/v1/forms/{formId}/submissions']?.['post']?.responses ?? {})).toEqual([
      '201',
      '202',
      '400',
      '403',
      '404',
      '405',
      '408',
      '409',
      '413',
      '415',
      '422',
      '429',
      '503',
    ]);
    const submission = document.components.schemas['Submission'];
    expect(Object.keys(submission?.properties ?? {}).sort()).toEqual(['captcha', 'consent', 'context', 'fields', 'hp', 'id', 'token']);
    expect(submission?.additionalProperties).toBe(false);
    expect(Object.keys(document.components.schemas['PublicFormDefinition']?.properties ?? {})).not.toContain('app_id');
    expect(Object.keys(document.paths['/healthz/delivery']?.['get']?.responses ?? {})).toEqual(['200', '405', '503']);
    const text = JSON.stringify(document);
    for (const secret of ['GTKEY_', 'GTSECRET_', 'app_canary']) expect(text).not.toContain(secret);
  });

  it('answers 405 to other methods, like every GET-only route', async () => {
    for (const path of ['/openapi.json', '/healthz', '/readyz', '/healthz/delivery', '/widget.js']) {
      const response = await fetch(`${harness.proxy.url}${path}`, { method: 'POST' });
      expect(response.status, path).toBe(405);
      expect(response.headers.get('allow'), path).toBe('GET, HEAD');
      expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    }
  });

  it('has exactly the operations of the endpoint contracts, each with its parameters, body, answers and every error code', async () => {
    const document = (await (await fetch(`${harness.proxy.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(ENDPOINTS.map((endpoint) => `${endpoint.method} ${openApiPath(endpoint.path)}`).sort());
    for (const endpoint of ENDPOINTS) {
      const where = `${endpoint.method} ${endpoint.path}`;
      const operation = document.paths[openApiPath(endpoint.path)]?.[endpoint.method.toLowerCase()];
      if (!operation) throw new Error(`${where} is missing`);
      const parameters = [
        ...endpoint.params.map((p) => ({ name: p.name, in: 'path', required: p.required })),
        ...endpoint.query.map((p) => ({ name: p.name, in: 'query', required: p.required })),
        ...endpoint.headers.map((p) => ({ name: p.name, in: 'header', required: p.required })),
      ];
      expect(
        operation.parameters.map(({ name, in: at, required }) => ({ name, in: at, required })),
        where,
      ).toEqual(parameters);
      if (endpoint.request) {
        expect(operation.requestBody?.content[endpoint.request.contentType]?.schema?.$ref, where).toBe(`#/components/schemas/${endpoint.request.body.name}`);
        expect(document.components.schemas[endpoint.request.body.name], where).toBeDefined();
      } else expect(operation.requestBody, where).toBeUndefined();
      const statuses = new Set([...Object.keys(endpoint.answers), ...endpoint.errors.map((code) => String(ERROR_STATUS[code]))]);
      expect(Object.keys(operation.responses).sort(), where).toEqual([...statuses].sort());
      for (const [status, answer] of Object.entries(endpoint.answers)) {
        expect(operation.responses[status]?.description, `${where} ${status}`).toBe(answer.description);
        if (answer.body) expect(operation.responses[status]?.content?.[answer.contentType ?? '']?.schema?.$ref, `${where} ${status}`).toBe(`#/components/schemas/${answer.body.name}`);
      }
      for (const code of endpoint.errors) {
        const response = operation.responses[String(ERROR_STATUS[code])];
        expect(response?.description, `${where} ${code}`).toContain(`\`${code}\``);
        expect(response?.content?.['application/json']?.schema?.$ref, `${where} ${code}`).toBe('#/components/schemas/ErrorBody');
      }
    }
  });
});
