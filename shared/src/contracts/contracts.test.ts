import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, ErrorCode } from '../errors.ts';
import { allowedMethods, CHECK_ORDER, ENDPOINTS, fillPath, preflightMethods, ROUTES, SUBMISSIONS_ROUTE, submissionsEndpoint } from './index.ts';

describe('the endpoint contracts', () => {
  it('name only error codes that errors.ts defines, each with its status', () => {
    for (const endpoint of ENDPOINTS) {
      for (const code of endpoint.errors) {
        expect(ErrorCode.options, `${endpoint.method} ${endpoint.path}: ${code}`).toContain(code);
        expect(ERROR_STATUS[code], `${endpoint.method} ${endpoint.path}: ${code}`).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('list each endpoint’s error codes once, in the documented check order', () => {
    for (const endpoint of ENDPOINTS) {
      const positions = endpoint.errors.map((code) => CHECK_ORDER.indexOf(code));
      expect(positions, `${endpoint.method} ${endpoint.path}`).not.toContain(-1);
      expect(positions, `${endpoint.method} ${endpoint.path}`).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size, `${endpoint.method} ${endpoint.path}`).toBe(positions.length);
    }
  });

  it('give no status both as an answer and as an error', () => {
    for (const endpoint of ENDPOINTS) {
      const errorStatuses = endpoint.errors.map((code) => ERROR_STATUS[code]);
      for (const status of Object.keys(endpoint.answers).map(Number)) expect(errorStatuses, `${endpoint.method} ${endpoint.path}`).not.toContain(status);
    }
  });

  it('cover every route once, and every path parameter of each', () => {
    expect(ENDPOINTS.map(({ method, path }) => `${method} ${path}`)).toEqual(ROUTES.map(({ method, path }) => `${method} ${path}`));
    expect(new Set(ROUTES.map(({ method, path }) => `${method} ${path}`)).size).toBe(ROUTES.length);
    for (const endpoint of ENDPOINTS) {
      const segments = [...endpoint.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]);
      expect(endpoint.params.map((param) => param.name)).toEqual(segments);
    }
  });

  it('refuse a submission body over 16 KiB', () => {
    expect(submissionsEndpoint.request.limitBytes).toBe(16 * 1024);
  });

  it('give the Allow list of each path: HEAD after GET, the preflight where there is one', () => {
    expect(allowedMethods('/v1/forms/:formId')).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(allowedMethods('/v1/forms/:formId/submissions')).toEqual(['POST', 'OPTIONS']);
    expect(allowedMethods('/healthz')).toEqual(['GET', 'HEAD']);
    expect(preflightMethods('/v1/forms/:formId')).toEqual(['GET', 'OPTIONS']);
    expect(allowedMethods('/nowhere')).toEqual([]);
  });

  it('fill path templates with percent-encoded values', () => {
    expect(fillPath(SUBMISSIONS_ROUTE.path, { formId: 'a b/c' })).toBe('/v1/forms/a%20b%2Fc/submissions');
  });
});
