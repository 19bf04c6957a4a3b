import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowedMethods, ENDPOINTS, ERROR_STATUS, fillPath, preflightMethods } from '@gleantap-capture/shared';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error.ts';
import { errorHandler } from '../middleware/error-handler.ts';
import { type Harness, SITE_ORIGIN, signup, startHarness } from '../testing/harness.ts';
import { type RawAnswer, rawRequest } from '../testing/raw-request.ts';
import { dispatchEndpoints } from './endpoints.ts';

// The endpoints are answered from their contracts: every contract's method answers on its
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

// The dispatcher answers as Express's router did when each chain was mounted with
// `router.route(path)` and `.all(405)`: the same requests, sent to both, get the same answers.
describe('dispatchEndpoints beside Express’s router', () => {
  type Chain = readonly [{ method: 'GET' | 'POST' | 'OPTIONS'; path: string }, ...RequestHandler[]];
  const echo =
    (name: string): RequestHandler =>
    (req, res) =>
      void res.json({ name, method: req.method, params: req.params });
  const chains: Chain[] = [
    [{ method: 'GET', path: '/v1/forms/:formId' }, echo('definition')],
    [{ method: 'OPTIONS', path: '/v1/forms/:formId' }, echo('definition preflight')],
    [{ method: 'POST', path: '/v1/forms/:formId/submissions' }, (_req, _res, next) => next(), echo('submit')],
    [
      { method: 'GET', path: '/widget/:file' },
      (req) => {
        if (req.params['file'] === 'throws.js') throw new HttpError('not_found');
        return Promise.reject(new HttpError('unavailable'));
      },
    ],
    [{ method: 'GET', path: '/healthz' }, (_req, _res, next) => next(new HttpError('rate_limited')), echo('never')],
  ];
  const servers: Server[] = [];
  const urls: string[] = [];

  const start = (mount: (app: express.Express) => void): Promise<string> =>
    new Promise((resolve) => {
      const app = express();
      app.set('query parser', false);
      mount(app);
      app.use((_req: Request, _res: Response, next: NextFunction) => next(new HttpError('not_found')));
      app.use(errorHandler(pino({ level: 'silent' })));
      const server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
      servers.push(server);
    });

  beforeAll(async () => {
    urls.push(
      await start((app) => {
        const router = express.Router();
        const byPath = new Map<string, Chain[]>();
        for (const chain of chains) byPath.set(chain[0].path, [...(byPath.get(chain[0].path) ?? []), chain]);
        for (const [path, pathChains] of byPath) {
          const route = router.route(path);
          for (const [endpoint, ...handlers] of pathChains) route[endpoint.method === 'GET' ? 'get' : endpoint.method === 'POST' ? 'post' : 'options'](...handlers);
          route.all((_req, _res, next) => next(new HttpError('method_not_allowed', { headers: { Allow: allowedMethods(path).join(', ') } })));
        }
        app.use(router);
      }),
    );
    urls.push(await start((app) => app.use(dispatchEndpoints(chains))));
  });
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  it('gives the same status, Allow and body for paths in every spelling and every method', async () => {
    const paths = [
      '/v1/forms/trial',
      '/V1/FORMS/Trial',
      '/v1/forms/trial/',
      '/v1/forms/trial//',
      '/v1/forms/tr%69al',
      '/v1/forms/caf%C3%A9',
      '/v1/forms/%E0%A4%A',
      '/v1/forms/a%2Fb',
      '/v1/forms/trial?locale=es',
      '/v1/forms/trial/submissions',
      '/v1/forms/trial/submissions/',
      '/v1/forms//submissions',
      '/v1/forms/trial/submissions/extra',
      '/v1/forms',
      '/widget/throws.js',
      '/widget/rejects.js',
      '/healthz',
      '/healthz/',
      '/nowhere',
      '/',
    ];
    let compared = 0;
    for (const path of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE', 'PUT']) {
        const [viaRouter, viaDispatcher] = await Promise.all(urls.map((url) => rawRequest(`${url}${path}`, { method })));
        const summary = (answer: RawAnswer) => ({ status: answer.status, allow: answer.headers['allow'], body: answer.body });
        expect(summary(viaDispatcher as RawAnswer), `${method} ${path}`).toEqual(summary(viaRouter as RawAnswer));
        compared += 1;
      }
    }
    expect(compared).toBe(120);
  });
});
