import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Response } from 'express';
import { methodLabel, UNKNOWN } from './labels.ts';
import type { ObservedRequest } from './proxy-metrics.ts';

/** What the app left on an answer: the matched endpoint and limiter (absent before Express saw it). */
type Answered = ServerResponse & Partial<Pick<Response, 'locals'>>;

/**
 * The endpoint template matched (`/v1/forms/:formId/submissions`), never the path a client
 * sent: a path is unbounded and may carry anything. Unmatched requests (404) are `unknown`.
 */
export function routeLabel(res: Answered): string {
  return res.locals?.routeTemplate ?? UNKNOWN;
}

/** Times each request handed to `handler` and reports it, labelled, when its answer is finished. */
export function observeRequests(handler: RequestListener, observe: (request: ObservedRequest) => void, limited: (res: Response) => void): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    res.once('finish', () => {
      observe({ route: routeLabel(res), method: methodLabel(req.method), status: res.statusCode, seconds: (performance.now() - started) / 1000 });
      limited(res as Response);
    });
    handler(req, res);
  };
}
