import type { RequestListener } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerTimeouts } from './config/config.ts';

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly timeouts: ServerTimeouts;
  /** How long `close()` lets in-flight requests finish before cutting connections. */
  readonly closeGraceMs?: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (bounded), then closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server with explicit timeouts (Node's defaults are far too generous for a
 * public endpoint). The app answers a slow body itself with `408`; Node's own request timeout
 * sits a little later as the backstop for connections the app never saw.
 */
export function listen(handler: RequestListener, options: ListenOptions): Promise<RunningServer> {
  const server = createServer(
    {
      headersTimeout: options.timeouts.headersMs,
      requestTimeout: options.timeouts.requestMs + 2000,
      keepAliveTimeout: options.timeouts.keepAliveMs,
      connectionsCheckingInterval: 1000,
    },
    handler,
  );
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        port: address.port,
        url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
        close: () => closeServer(server, options.closeGraceMs ?? 10_000),
      });
    });
  });
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    // A keep-alive connection becomes idle once its in-flight answer is sent; close it then,
    // not a whole keep-alive timeout later.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    idle.unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(idle);
      resolve();
    });
    server.closeIdleConnections();
  });
}
