import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerTimeouts } from '../config/config.ts';
import { listen, type RunningServer } from '../server.ts';
import type { ProxyMetrics } from './proxy-metrics.ts';

export interface MetricsServerOptions {
  readonly host: string;
  /** 0 picks a free port; the bound one is on the result. */
  readonly port: number;
  /** When set, `Authorization: Bearer <token>` is required. */
  readonly token: string | undefined;
  readonly timeouts: ServerTimeouts;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares hashes of equal length in constant time, so neither the token's length nor a prefix
 * leaks through timing.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  const offered = match?.[1] ?? '';
  return timingSafeEqual(digest(offered), digest(token)) && match !== null;
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/** The `/metrics` handler on its own: GET/HEAD only, bearer token when configured. */
export function metricsHandler(metrics: ProxyMetrics, token: string | undefined): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return answer(res, 404, '{"error":"not_found"}');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, '{"error":"method_not_allowed"}', { allow: 'GET, HEAD' });
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      return answer(res, 401, '{"error":"unauthorized"}', { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    metrics.scrape().then(
      ({ body, contentType }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => answer(res, 503, '{"error":"unavailable"}'),
    );
  };
}

/** The metrics listener, apart from the public one so it can stay on a private interface or port. */
export function startMetricsServer(metrics: ProxyMetrics, options: MetricsServerOptions): Promise<RunningServer> {
  return listen(metricsHandler(metrics, options.token), { host: options.host, port: options.port, timeouts: options.timeouts, closeGraceMs: 1_000 });
}
