import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness.ts';

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
    expect(Object.keys(submission?.properties ?? {}).sort()).toEqual(['consent', 'context', 'fields', 'hp', 'id', 'token']);
    expect(submission?.additionalProperties).toBe(false);
    expect(Object.keys(document.components.schemas['PublicFormDefinition']?.properties ?? {})).not.toContain('app_id');
    expect(Object.keys(document.paths['/healthz/delivery']?.['get']?.responses ?? {})).toEqual(['200', '503']);
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
});
