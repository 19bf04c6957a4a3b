import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error.ts';

/** `application/json` with `charset=utf-8` or no parameters at all. */
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*("utf-8"|utf-8)\s*)?$/i;

/**
 * `415 unsupported_media_type` for anything but JSON in UTF-8, and for any Content-Encoding:
 * a compressed body would let a few bytes on the wire expand past the size limit.
 */
export function requireJson(): RequestHandler {
  return (req, _res, next) => {
    const type = req.get('content-type');
    const encoding = req.get('content-encoding');
    if (type === undefined || !JSON_MEDIA_TYPE.test(type.trim()) || encoding !== undefined) {
      return next(new HttpError('unsupported_media_type', { closeConnection: true }));
    }
    next();
  };
}
