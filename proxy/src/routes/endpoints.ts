import { allowedMethods, type Route } from '@gleantap-capture/shared';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { methodNotAllowed } from '../middleware/not-found.ts';

/** An endpoint's contract route and the chain that answers it, checks first. */
export type EndpointChain = readonly [Route, ...RequestHandler[]];

interface CompiledPath {
  readonly template: string;
  /** The template as Express matches it: case-insensitive, one optional trailing slash. */
  readonly pattern: RegExp;
  readonly params: readonly string[];
  readonly chains: ReadonlyMap<string, readonly RequestHandler[]>;
  /** Every other method: `405` with the `Allow` list the contracts give the path. */
  readonly otherwise: readonly RequestHandler[];
}

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(template: string, chains: ReadonlyMap<string, readonly RequestHandler[]>): CompiledPath {
  const params: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = PARAM.exec(segment)?.[1];
      if (param === undefined) return escapeRegExp(segment);
      params.push(param);
      return '([^/]+)';
    })
    .join('/');
  return { template, pattern: new RegExp(`^${source}/?$`, 'i'), params, chains, otherwise: [methodNotAllowed(allowedMethods(template))] };
}

/**
 * Runs a chain as Express would: each handler gets `next`; an error passed to it, thrown, or a
 * rejected promise goes to `done` (the app's error handler); a chain that runs out goes on.
 */
function runChain(handlers: readonly RequestHandler[], req: Request, res: Response, done: NextFunction): void {
  let index = 0;
  const step = (error?: unknown): void => {
    if (error !== undefined && error !== null && error !== false) return done(error);
    const handler = handlers[index++];
    if (handler === undefined) return done();
    try {
      const result: unknown = handler(req, res, step);
      if (result instanceof Promise) result.catch((rejected: unknown) => done(rejected ?? new Error('Rejected promise')));
    } catch (thrown) {
      done(thrown ?? new Error('Thrown undefined'));
    }
  };
  step();
}

/**
 * The contracts' endpoints as one middleware: a request whose path matches a template (as
 * Express's router would: case-insensitive, trailing slash allowed, `:name` one segment,
 * percent-decoded) runs the chain of its method (HEAD that of GET), any other method gets
 * `405`, and other paths go on. The matched template is the request's metrics label. One
 * lookup per request instead of a router layer per route and per handler: this is the path
 * every visitor's definition and submission take.
 */
export function dispatchEndpoints(chains: readonly EndpointChain[]): RequestHandler {
  const byPath = new Map<string, Map<string, readonly RequestHandler[]>>();
  for (const [endpoint, ...handlers] of chains) {
    const methods = byPath.get(endpoint.path) ?? new Map<string, readonly RequestHandler[]>();
    methods.set(endpoint.method, handlers);
    byPath.set(endpoint.path, methods);
  }
  const paths = [...byPath].map(([template, methods]) => compile(template, methods));

  return (req, res, next) => {
    const path = req.path;
    for (const compiled of paths) {
      const match = compiled.pattern.exec(path);
      if (match === null) continue;
      const params: Record<string, string> = {};
      try {
        compiled.params.forEach((name, index) => {
          params[name] = decodeURIComponent(match[index + 1] ?? '');
        });
      } catch (error) {
        // Not valid percent-encoding: the error handler answers it as a path that does not exist.
        return next(error);
      }
      req.params = params;
      res.locals.routeTemplate = compiled.template;
      const handlers = compiled.chains.get(req.method) ?? (req.method === 'HEAD' ? compiled.chains.get('GET') : undefined) ?? compiled.otherwise;
      return runChain(handlers, req, res, next);
    }
    next();
  };
}
