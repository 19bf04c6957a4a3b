import type { RequestHandler } from 'express';
import { type CallLog, type RecordedCall, redactHeaders } from './call-log.ts';

const ENDPOINT_PATH = /^\/ExternalApi\/([^/]+)\/?$/;

/**
 * Records every `/v2/*` request on arrival — before body parsing, keys or faults — so malformed,
 * unauthorised and faulted calls all show up, in the order they came in.
 */
export function recordCalls(calls: CallLog, now: () => Date): RequestHandler {
  return (req, res, next) => {
    const endpoint = ENDPOINT_PATH.exec(req.path)?.[1] ?? req.path;
    const record = calls.start({ endpoint, method: req.method, at: now().toISOString(), headers: redactHeaders(req.headers) });
    res.locals['call'] = record;
    // 'finish' never fires for a reset or a held timeout, which leaves status null as documented.
    res.once('finish', () => {
      record.status = res.statusCode;
    });
    next();
  };
}

/** Copies the parsed JSON body onto the call record (runs after `express.json()`). */
export function recordCallBody(): RequestHandler {
  return (req, res, next) => {
    const record = res.locals['call'] as RecordedCall | undefined;
    if (record !== undefined) record.body = req.body ?? null;
    next();
  };
}
