import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { normaliseClientAddress } from '../net/client-address.ts';

export interface ClientAddressOptions {
  readonly logger: Logger;
  readonly trustProxy: number | readonly string[];
}

/**
 * Settles `res.locals.clientIp`, the address rate limits key and the access log truncates:
 * `req.ip` (which honours TRUST_PROXY) normalised, else the socket's own address when what the
 * forwarded header gave is not an IP at all. With TRUST_PROXY 0 and `X-Forwarded-For`
 * arriving, the proxy is most likely behind one it does not trust, and every visitor shares
 * one bucket: that is worth one warning per app, not one per request.
 */
export function clientAddress(options: ClientAddressOptions): RequestHandler {
  let warned = false;
  return (req, res, next) => {
    res.locals.clientIp = normaliseClientAddress(req.ip) ?? normaliseClientAddress(req.socket.remoteAddress) ?? 'unknown';
    if (!warned && options.trustProxy === 0 && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      options.logger.warn(
        "X-Forwarded-For arrived but TRUST_PROXY is 0, so it is ignored: if a reverse proxy sits in front, every visitor shares its address and one rate-limit bucket. Set TRUST_PROXY to that proxy's address (e.g. loopback or 10.0.0.5)",
      );
    }
    next();
  };
}
