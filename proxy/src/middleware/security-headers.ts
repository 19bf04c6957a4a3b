import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** helmet with its strict defaults; the API only ever answers JSON, so nothing needs loosening. */
export function securityHeaders(): RequestHandler {
  return helmet({
    // The API is read by other origins through CORS; CORP only governs no-cors loads.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}
