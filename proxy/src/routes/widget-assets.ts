import { WIDGET_CONTENT_TYPE, widgetReleaseEndpoint, widgetScriptEndpoint } from '@gleantap-capture/shared';
import type { Request, Response } from 'express';
import { HttpError } from '../http/http-error.ts';
import type { WidgetBundle } from '../widget/widget-bundle.ts';
import { releaseFileName, type WidgetRelease } from '../widget/widget-releases.ts';
import type { EndpointChain } from './endpoints.ts';

/** Picks the smallest encoding the client accepts that this release has. */
function negotiate(req: Request, release: WidgetRelease): { encoding: string | undefined; body: Buffer } {
  const accepted = req.get('accept-encoding') ?? '';
  if (release.brotli && /\bbr\b/.test(accepted)) return { encoding: 'br', body: release.brotli };
  if (/\bgzip\b/.test(accepted)) return { encoding: 'gzip', body: release.gzip };
  return { encoding: undefined, body: release.bytes };
}

function send(req: Request, res: Response, release: WidgetRelease, cacheControl: string): void {
  const { encoding, body } = negotiate(req, release);
  res.setHeader('Content-Type', WIDGET_CONTENT_TYPE);
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
 * `GET /widget/widget.<hash>.js` (immutable copies for pinned, SRI-checked embeds: the current
 * release and every earlier one kept in DATA_DIR, so an upgrade never breaks a pinned page).
 */
export function widgetEndpoints(bundle: WidgetBundle | undefined, earlier: ReadonlyMap<string, WidgetRelease> = new Map()): EndpointChain[] {
  const currentName = bundle ? releaseFileName(bundle.hash) : undefined;
  return [
    [
      widgetScriptEndpoint,
      (req, res) => {
        if (!bundle) throw new HttpError('not_found');
        send(req, res, bundle, 'public, max-age=300');
      },
    ],
    [
      widgetReleaseEndpoint,
      (req, res) => {
        const file = req.params['file'];
        if (typeof file !== 'string') throw new HttpError('not_found');
        const release = bundle && file === currentName ? bundle : earlier.get(file);
        if (!release) throw new HttpError('not_found');
        send(req, res, release, 'public, max-age=31536000, immutable');
      },
    ],
  ];
}
