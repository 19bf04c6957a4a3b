import { allowedMethods, type Route } from '@gleantap-capture/shared';
import type { RequestHandler, Router } from 'express';
import { methodNotAllowed } from '../middleware/not-found.ts';

/** An endpoint's contract route and the chain that answers it, checks first. */
export type EndpointChain = readonly [Route, ...RequestHandler[]];

const ROUTE_METHOD = { GET: 'get', POST: 'post', OPTIONS: 'options' } as const;

/**
 * Mounts each chain at its contract's path and method, then answers every other method on
 * those paths `405` with the `Allow` list the contracts give the path. One `route()` per path,
 * so the 405 comes after every method the path takes.
 */
export function mountEndpoints(router: Router, chains: readonly EndpointChain[]): Router {
  const byPath = new Map<string, EndpointChain[]>();
  for (const chain of chains) byPath.set(chain[0].path, [...(byPath.get(chain[0].path) ?? []), chain]);
  for (const [path, pathChains] of byPath) {
    const route = router.route(path);
    for (const [endpoint, ...handlers] of pathChains) route[ROUTE_METHOD[endpoint.method]](...handlers);
    route.all(methodNotAllowed(allowedMethods(path)));
  }
  return router;
}
