import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** What came back: an answer, or the connection closing without one. */
export type Outcome =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: string }
  | { readonly kind: 'closed'; readonly reason: string };

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | undefined;
  /** Send the body with `Transfer-Encoding: chunked` (no Content-Length), split in two chunks. */
  readonly chunked?: boolean | undefined;
}

/** Reused connections, as a busy client would use them; the server may still close any of them. */
export const keepAliveAgent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * Sends one request with exact control of method, path, headers and body bytes. A socket error
 * after the answer arrived (the server closing on a body it chose not to read) is not a failure;
 * one before any answer is reported as `closed`.
 */
export function send(baseUrl: string, raw: RawRequest, timeoutMs = 10_000): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome): void => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    const headers: Record<string, string> = { ...raw.headers };
    if (raw.body !== undefined && !raw.chunked) headers['content-length'] = String(raw.body.length);
    if (raw.chunked) headers['transfer-encoding'] = 'chunked';
    const req = request(`${baseUrl}${raw.path}`, { method: raw.method, headers, agent: keepAliveAgent, timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => settle({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', (error) => settle({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, body: `${Buffer.concat(parts).toString('utf8')}<${error.message}>` }));
    });
    req.on('timeout', () => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    req.on('error', (error) => settle({ kind: 'closed', reason: error.message }));
    if (raw.body === undefined) {
      req.end();
    } else if (raw.chunked) {
      const half = Math.floor(raw.body.length / 2);
      req.write(raw.body.subarray(0, half));
      req.end(raw.body.subarray(half));
    } else {
      req.end(raw.body);
    }
  });
}

/**
 * Writes `head` (then nothing, or `drip` now and then) on a fresh connection and waits for
 * whatever the server does: an answer (status line and body read to the close) or a close
 * without one. Used for bodies and headers that never finish arriving.
 */
export function stall(host: string, port: number, head: Buffer, waitMs: number, drip?: { readonly chunk: Buffer; readonly everyMs: number }): Promise<Outcome & { readonly afterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, host);
    const parts: Buffer[] = [];
    let done = false;
    const finish = (reason: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(dripping);
      socket.destroy();
      const text = Buffer.concat(parts).toString('utf8');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const afterMs = Date.now() - started;
      if (status) {
        const split = text.indexOf('\r\n\r\n');
        resolve({ kind: 'answer', status: Number(status[1]), headers: {}, body: split === -1 ? '' : decodeBody(text.slice(split + 4), text.slice(0, split)), afterMs });
      } else {
        resolve({ kind: 'closed', reason, afterMs });
      }
    };
    const timer = setTimeout(() => finish(`still open after ${waitMs} ms`), waitMs);
    let dripping: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      // A body that keeps arriving, a little at a time, never faster than the timeout.
      if (drip) dripping = setInterval(() => socket.writable && socket.write(drip.chunk), drip.everyMs);
    });
    socket.on('data', (part: Buffer) => parts.push(part));
    socket.on('end', () => finish('closed by the server'));
    socket.on('close', () => finish('closed'));
    socket.on('error', (error) => finish(error.message));
  });
}

/** The body of a raw answer, undoing chunked transfer coding when the headers say so. */
function decodeBody(body: string, head: string): string {
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) return body;
  let out = '';
  let rest = body;
  for (;;) {
    const line = rest.indexOf('\r\n');
    if (line === -1) return out;
    const size = Number.parseInt(rest.slice(0, line), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}
