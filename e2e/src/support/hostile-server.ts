import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that is not the owner's proxy: it answers the widget with whatever it is given. */
export interface HostileServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** Every request it received, as `METHOD path` (no query), beacons included. */
  readonly seen: string[];
  /** Answers `GET /v1/forms/<id>` with `definition`, readable by any page. */
  serve(id: string, definition: unknown): void;
  close(): Promise<void>;
}

/** Starts a hostile definition server on a free loopback port. */
export async function startHostileServer(): Promise<HostileServer> {
  const definitions = new Map<string, unknown>();
  const seen: string[] = [];
  const server = createServer((req, res) => {
    // The path only: the widget's `?locale=` list is the visitor's, not what this server is asked for.
    const path = (req.url ?? '').split('?')[0] ?? '';
    seen.push(`${req.method} ${path}`);
    const id = /^\/v1\/forms\/([^/]+)$/.exec(path)?.[1];
    const definition = id === undefined ? undefined : definitions.get(id);
    if (req.method === 'GET' && definition !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(definition));
    } else {
      res.writeHead(404, { 'access-control-allow-origin': '*' }).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    serve: (id, definition) => void definitions.set(id, definition),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
