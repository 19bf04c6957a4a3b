import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Accepts a well-formed `X-Request-Id` from the caller, else makes one; echoes it on every answer. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given !== undefined && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}
