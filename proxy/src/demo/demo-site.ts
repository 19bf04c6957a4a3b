import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../package-root.ts';
import { pinnedSnippet, type WidgetBundle } from '../widget/widget-bundle.ts';
import { DEMO_ASSETS, DEMO_PAGES, type DemoPage } from './demo-pages.ts';

const SITE_DIR = fileURLToPath(new URL('demo/site/', PACKAGE_ROOT));

export interface DemoSiteOptions {
  readonly host: string;
  readonly port: number;
  /** The proxy's base URL, without a trailing slash. */
  readonly proxyUrl: string;
  readonly sandboxUrl: string;
  readonly widget: WidgetBundle | undefined;
  /** The widget's ES module build, served to the npm/ESM page. */
  readonly esmPath: string | undefined;
}

export interface RunningDemoSite {
  readonly url: string;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character] as string);
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * A small website on its own origin: a studio's front page, and developer pages that embed
 * the widget every supported way. Pages are read per request so they can be edited while the demo runs.
 */
export function startDemoSite(options: DemoSiteOptions): Promise<RunningDemoSite> {
  const proxyOrigin = new URL(options.proxyUrl).origin;
  const csp = `default-src 'self'; script-src ${proxyOrigin}; style-src 'self'; connect-src ${proxyOrigin}`;
  const snippet = options.widget ? pinnedSnippet(options.widget, options.proxyUrl, 'trial') : '<p>Build the widget first.</p>';

  const page = (definition: DemoPage, site: string): string => {
    const values = {
      PROXY: options.proxyUrl,
      SANDBOX: options.sandboxUrl,
      SITE: site,
      CSP: csp,
      SRI_SNIPPET: snippet,
      SRI_SNIPPET_ESCAPED: escapeHtml(snippet),
    };
    const body = fill(readFileSync(`${SITE_DIR}pages/${definition.file}`, 'utf8'), values);
    return fill(readFileSync(`${SITE_DIR}${definition.ownLayout ? '_front' : '_layout'}.html`, 'utf8'), {
      ...values,
      LANG: definition.lang ?? 'en',
      TITLE: escapeHtml(definition.title),
      HEAD: fill(definition.head ?? '', values),
      BODY: body,
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, site: string): Promise<void> => {
    const path = new URL(req.url ?? '/', site).pathname;
    const definition = DEMO_PAGES[path];
    if (definition) {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      if (definition.strictCsp) res.setHeader('Content-Security-Policy', csp);
      res.end(page(definition, site));
      return;
    }
    const asset = DEMO_ASSETS[path];
    if (asset) {
      res.setHeader('Content-Type', asset[1]);
      res.end(readFileSync(`${SITE_DIR}${asset[0]}`));
      return;
    }
    if (path === '/esm/gleantap-capture.js' && options.esmPath) {
      res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      res.end(readFileSync(options.esmPath));
      return;
    }
    if (path === '/contacts.json') {
      const upstream = await fetch(`${options.sandboxUrl}/_sandbox/contacts`);
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(await upstream.text());
      return;
    }
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Not found');
  };

  return new Promise((resolve, reject) => {
    let site = '';
    const server = createServer((req, res) => {
      handle(req, res, site).catch(() => {
        res.statusCode = 500;
        res.end('The demo site could not answer.');
      });
    });
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      site = `http://${options.host}:${(server.address() as AddressInfo).port}`;
      resolve({
        url: site,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
