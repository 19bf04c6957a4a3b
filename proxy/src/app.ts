import express, { type Express } from 'express';
import type { Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { BotDeps } from './bots/bot-deps.ts';
import type { Config } from './config/config.ts';
import { createFormRuntimes } from './forms/form-runtime.ts';
import type { DeliveryHealth } from './metrics/delivery-health.ts';
import { accessLog } from './middleware/access-log.ts';
import { clientAddress } from './middleware/client-address.ts';
import { corsHeaders } from './middleware/cors-headers.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { notFound } from './middleware/not-found.ts';
import { requestId } from './middleware/request-id.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import type { Delivery } from './outbox/delivery.ts';
import { dispatchEndpoints } from './routes/endpoints.ts';
import { formEndpoints } from './routes/forms.ts';
import { healthEndpoints, type ReadinessCheck } from './routes/health.ts';
import { openApiEndpoints } from './routes/openapi.ts';
import { widgetEndpoints } from './routes/widget-assets.ts';
import type { WidgetBundle } from './widget/widget-bundle.ts';
import type { WidgetRelease } from './widget/widget-releases.ts';
import './http/locals.ts';

/** What the app is built from besides config: everything with a lifecycle or a clock. */
export interface AppDeps {
  readonly logger: Logger;
  readonly delivery: Delivery;
  /** Form tokens, CAPTCHA verifier and junk checks (bots/). */
  readonly bots: BotDeps;
  readonly now?: () => Date;
  readonly readinessChecks?: readonly ReadinessCheck[];
  /** Whether leads reach Gleantap, for `/healthz/delivery` (absent: that route is not mounted). */
  readonly deliveryHealth?: () => Promise<DeliveryHealth>;
  /** The script-tag bundle served at `/widget.js`; those routes answer 404 without it. */
  readonly widget?: WidgetBundle | undefined;
  /** Earlier releases still served at their hashed URLs, by file name (see widget/widget-releases.ts). */
  readonly widgetReleases?: ReadonlyMap<string, WidgetRelease>;
  /** A shared rate-limit store per limiter (Redis); in memory when absent. */
  readonly createRateLimitStore?: (prefix: string) => Store;
}

/** Builds the proxy's Express app. No globals: call it as often as you like. */
export function createApp(config: Config, deps: AppDeps): Express {
  const forms = createFormRuntimes(config.forms);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', false);
  // A hop count or the proxies' addresses (Express's syntax); never `true` (config refuses it).
  app.set('trust proxy', config.trustProxy);

  app.use(requestId());
  app.use(clientAddress({ logger: deps.logger, trustProxy: config.trustProxy }));
  app.use(accessLog(deps.logger));
  app.use(securityHeaders());
  app.use(corsHeaders(forms));

  // Every endpoint of the contracts, the form API's first (every visitor's requests).
  app.use(
    dispatchEndpoints([
      ...formEndpoints({
        forms,
        delivery: deps.delivery,
        bots: deps.bots,
        secrets: config.secrets,
        logger: deps.logger,
        now: deps.now ?? (() => new Date()),
        bodyTimeoutMs: config.server.requestMs,
        ...(deps.createRateLimitStore ? { createRateLimitStore: deps.createRateLimitStore } : {}),
      }),
      ...widgetEndpoints(deps.widget, deps.widgetReleases),
      ...openApiEndpoints(),
      ...healthEndpoints(deps.readinessChecks ?? [], deps.deliveryHealth),
    ]),
  );

  app.use(notFound());
  app.use(errorHandler(deps.logger));
  return app;
}
