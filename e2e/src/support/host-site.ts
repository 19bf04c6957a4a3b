import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

/** One resource the host website serves. */
export interface SiteResource {
  readonly body: string | Buffer;
  readonly type?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A gym's website on its own origin: the pages a site owner would paste the widget into. */
export interface HostSite {
  readonly port: number;
  /** `http://<host>:<port>`; the host defaults to 127.0.0.1 (a secure context). */
  origin(host?: string): string;
  url(path: string, host?: string): string;
  /** Serves `resource` at `path` from now on (same path on every host name). */
  set(path: string, resource: SiteResource): void;
  close(): Promise<void>;
}

/** The widget's ES module build, which an npm user would bundle into their own site. */
export const WIDGET_ESM_PATH = createRequire(import.meta.url).resolve('@gleantap-capture/widget/dist/esm/index.js');

/** Starts the host website on a free loopback port. Pages are registered by the tests. */
export async function startHostSite(): Promise<HostSite> {
  const resources = new Map<string, SiteResource>();
  resources.set('/esm/gleantap-capture.js', { body: readFileSync(WIDGET_ESM_PATH), type: 'text/javascript; charset=utf-8' });

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://site.invalid').pathname;
    const resource = resources.get(path);
    if (!resource) {
      // Browsers ask for /favicon.ico on their own; a bodiless 404 keeps it quiet and cheap.
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(path === '/favicon.ico' ? undefined : 'Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': resource.type ?? 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...resource.headers,
    });
    res.end(resource.body);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = (host = '127.0.0.1') => `http://${host}:${port}`;
  return {
    port,
    origin,
    url: (path, host) => `${origin(host)}${path}`,
    set: (path, resource) => void resources.set(path, resource),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface PageOptions {
  readonly lang?: string;
  readonly title?: string;
  readonly head?: string;
  readonly body: string;
}

/** A complete, valid host page with a landmark and a heading, as a real site would have. */
export function hostPage({ lang = 'en', title = 'Riverside Gym', head = '', body }: PageOptions): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${head}
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}
