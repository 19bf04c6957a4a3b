import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error.ts';

export interface ReadBodyOptions {
  /** Largest accepted body in bytes (16 KiB by contract). */
  readonly limitBytes: number;
  /** Time allowed for the whole body to arrive, from the moment the headers were read. */
  readonly timeoutMs: number;
}

/**
 * Reads the raw body into `res.locals.rawBody`, enforcing the size limit while streaming
 * (`413`, before a byte past the limit is buffered) and the request timeout (`408`).
 * Parsing is left for later, so that form, origin and rate-limit checks answer first.
 */
export function readBody(options: ReadBodyOptions): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length') ?? Number.NaN);
    if (declared > options.limitBytes) {
      return next(new HttpError('payload_too_large', { closeConnection: true }));
    }

    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (error?: HttpError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('aborted', onAborted);
      if (error) {
        // Stop reading what is left of this body; the answer closes the connection.
        req.pause();
        return next(error);
      }
      res.locals.rawBody = Buffer.concat(chunks, received);
      next();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > options.limitBytes) return finish(new HttpError('payload_too_large', { closeConnection: true }));
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onAborted = () => {
      // The client went away: there is nobody to answer.
      settled = true;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => finish(new HttpError('request_timeout', { closeConnection: true })), options.timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('aborted', onAborted);
  };
}
