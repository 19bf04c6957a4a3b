import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

type HeaderPair = readonly [name: string, value: string];

/**
 * helmet's headers, worked out once: its options here depend on nothing in a request, so
 * helmet runs a single time against a recording answer at start-up and every answer gets the
 * recorded list (one loop instead of helmet's middleware chain on each request). Throws at
 * start-up if helmet ever answers asynchronously or depends on the request.
 */
function recordHelmetHeaders(middleware: ReturnType<typeof helmet>): HeaderPair[] {
  const headers: HeaderPair[] = [];
  let finished = false;
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  // Only the two methods helmet writes with are present; a request it read would be empty.
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return headers;
}

/** helmet with its strict defaults; the API only ever answers JSON, so nothing needs loosening. */
export function securityHeaders(): RequestHandler {
  const headers = recordHelmetHeaders(
    helmet({
      // The API is read by other origins through CORS; CORP only governs no-cors loads.
      crossOriginResourcePolicy: { policy: 'same-site' },
    }),
  );
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
