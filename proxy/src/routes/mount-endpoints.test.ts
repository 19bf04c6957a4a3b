import { allowedMethods, ENDPOINTS, ERROR_STATUS, fillPath, preflightMethods } from '@gleantap-capture/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SITE_ORIGIN, signup, startHarness } from '../testing/harness.ts';

// The router is mounted from the endpoint contracts: every contract's method answers on its
// path with one of the contract's statuses, and every other method gets the contract's Allow list.
describe('the routes the endpoint contracts give', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  const url = (path: string) => `${harness.proxy.url}${fillPath(path, { formId: 'default', file: 'widget.0000000000000000.js' })}`;

  it('answer each contract’s method with one of its documented statuses', async () => {
    for (const endpoint of ENDPOINTS) {
      const headers: Record<string, string> = { origin: SITE_ORIGIN };
      if (endpoint.method === 'OPTIONS') headers['access-control-request-method'] = preflightMethods(endpoint.path)[0] ?? '';
      if (endpoint.request) headers['content-type'] = endpoint.request.contentType;
      const response = await fetch(url(endpoint.path), { method: endpoint.method, headers, ...(endpoint.request ? { body: JSON.stringify(signup()) } : {}) });
      const documented = [...Object.keys(endpoint.answers).map(Number), ...endpoint.errors.map((code) => ERROR_STATUS[code])];
      expect(documented, `${endpoint.method} ${endpoint.path}`).toContain(response.status);
      expect(response.status, `${endpoint.method} ${endpoint.path}`).not.toBe(405);
      await response.arrayBuffer();
    }
  });

  it('answer any other method 405 with the Allow list of the path’s contracts', async () => {
    for (const path of new Set(ENDPOINTS.map((endpoint) => endpoint.path))) {
      const response = await fetch(url(path), { method: 'DELETE', headers: { origin: SITE_ORIGIN } });
      expect(response.status, path).toBe(405);
      expect(response.headers.get('allow'), path).toBe(allowedMethods(path).join(', '));
      expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    }
  });

  it('answer a preflight with the methods of the path’s contracts', async () => {
    for (const endpoint of ENDPOINTS.filter((candidate) => candidate.method === 'OPTIONS')) {
      const response = await fetch(url(endpoint.path), { method: 'OPTIONS', headers: { origin: SITE_ORIGIN, 'access-control-request-method': 'POST' } });
      expect(response.status, endpoint.path).toBe(204);
      expect(response.headers.get('access-control-allow-methods'), endpoint.path).toBe(preflightMethods(endpoint.path).join(', '));
      expect(response.headers.get('access-control-max-age'), endpoint.path).toBe('600');
    }
  });
});
