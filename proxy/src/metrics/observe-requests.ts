import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { methodLabel, UNKNOWN } from './labels.ts';
import type { ObservedRequest } from './proxy-metrics.ts';

/** What the app left on a request once it was answered: the matched route and limiter. */
type Answered = IncomingMessage & Partial<Pick<Request, 'route' | 'baseUrl'>>;

/**
 * The route template Express matched (`/v1/forms/:formId/submissions`), never the path a client
 * sent: a path is unbounded and may carry anything. Unmatched requests (404) are `unknown`.
 */
export function routeLabel(req: Answered): string {
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : UNKNOWN;
}

/** Times each request handed to `handler` and reports it, labelled, when its answer is finished. */
export function observeRequests(handler: RequestListener, observe: (request: ObservedRequest) => void, limited: (res: Response) => void): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    res.once('finish', () => {
      observe({ route: routeLabel(req), method: methodLabel(req.method), status: res.statusCode, seconds: (performance.now() - started) / 1000 });
      limited(res as Response);
    });
    handler(req, res);
  };
}
