import { Router, type Request, type Response } from 'express';
import { HttpError } from '../http/http-error.ts';
import { methodNotAllowed } from '../middleware/not-found.ts';
import type { WidgetBundle } from '../widget/widget-bundle.ts';

/** Picks the smallest encoding the client accepts. */
function negotiate(req: Request, bundle: WidgetBundle): { encoding: string | undefined; body: Buffer } {
  const accepted = req.get('accept-encoding') ?? '';
  if (/\bbr\b/.test(accepted)) return { encoding: 'br', body: bundle.brotli };
  if (/\bgzip\b/.test(accepted)) return { encoding: 'gzip', body: bundle.gzip };
  return { encoding: undefined, body: bundle.bytes };
}

function send(req: Request, res: Response, bundle: WidgetBundle, cacheControl: string): void {
  const { encoding, body } = negotiate(req, bundle);
  res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
  res.setHeader('Cache-Control', cacheControl);
  // Any site may load the script; it carries no data and no credentials.
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.vary('Accept-Encoding');
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(body.length));
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

/**
 * `GET /widget.js` (the current release, cached five minutes) and
 * `GET /widget/widget.<hash>.js` (an immutable copy for pinned, SRI-checked embeds).
 */
export function widgetRoutes(bundle: WidgetBundle | undefined): Router {
  const router = Router();
  const readOnly = methodNotAllowed(['GET', 'HEAD']);
  router
    .route('/widget.js')
    .get((req, res) => {
      if (!bundle) throw new HttpError('not_found');
      send(req, res, bundle, 'public, max-age=300');
    })
    .all(readOnly);
  router
    .route('/widget/:file')
    .get((req, res) => {
      if (!bundle || req.params['file'] !== `widget.${bundle.hash}.js`) throw new HttpError('not_found');
      send(req, res, bundle, 'public, max-age=31536000, immutable');
    })
    .all(readOnly);
  return router;
}
