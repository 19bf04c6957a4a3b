import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type AlertsDeps, createAlerts } from './alerts/create-alerts.ts';
import { createApp } from './app.ts';
import { createCaptchaVerifier } from './bots/captcha.ts';
import { createFormTokens } from './bots/form-token.ts';
import { createJunkCheck } from './bots/junk.ts';
import { loadTokenKey } from './bots/token-key.ts';
import type { Config } from './config/config.ts';
import { createGleantapClient } from './gleantap/client.ts';
import { createDeliveryHealth } from './metrics/delivery-health.ts';
import { instrumentClient } from './metrics/instrument-client.ts';
import { createKeysRefused } from './metrics/keys-refused.ts';
import { MetricsListenError } from './metrics/metrics-listen-error.ts';
import { metricsHandler, startMetricsServer } from './metrics/metrics-server.ts';
import { observeRequests } from './metrics/observe-requests.ts';
import { createProxyMetrics } from './metrics/proxy-metrics.ts';
import { createOutbox } from './outbox/outbox.ts';
import type { OutboxListener, OutboxMetrics } from './outbox/outbox-events.ts';
import { releaseVersion } from './release-version.ts';
import { planReload, type ReloadPlan } from './reload/plan-reload.ts';
import { listen, type RunningServer } from './server.ts';
import { openConfiguredStore } from './store/open-configured-store.ts';
import type { StoreFaults } from './store/store-faults.ts';
import { StoreOpenError } from './store/store-open-error.ts';
import { loadWidgetBundle, type WidgetBundle } from './widget/widget-bundle.ts';
import { keepWidgetReleases, RELEASES_DIR } from './widget/widget-releases.ts';

export interface StartProxyOptions {
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Overrides `config.port` (tests pass 0 for an ephemeral port). */
  readonly port?: number;
  readonly host?: string;
  /**
   * Overrides `config.metrics.port` (tests pass 0); null serves no `/metrics` (the demo). Equal
   * to the main port (METRICS_TOKEN then required by config), `/metrics` is served there.
   */
  readonly metricsPort?: number | null;
  /** prom-client's process and Node metrics on `/metrics` (default true; see proxy-metrics.ts). */
  readonly processMetrics?: boolean;
  /** Jitter source of the outbox's backoff. */
  readonly random?: () => number;
  /** The widget bundle when the caller has already loaded it; read from the widget package otherwise. */
  readonly widget?: WidgetBundle | undefined;
  /** Test-only: fault injection into the store's connection (see store/store-faults.ts). */
  readonly storeFaults?: StoreFaults;
  /** Test-only: shorter alert retries, folding window and sweep (see alerts/create-alerts.ts). */
  readonly alertTimings?: Pick<AlertsDeps, 'limits' | 'foldWindowMs' | 'sweepMs'>;
  /** Extra subscribers to the outbox's events (besides the proxy's own). */
  readonly outboxListeners?: readonly OutboxListener[];
}

/**
 * A bounded stop, well inside the 10 s a container runtime waits before SIGKILL: requests get
 * REQUEST_GRACE_MS to finish (each answers within the inline budget anyway), then running
 * deliveries get DELIVERY_DRAIN_MS before they are aborted and their rows released.
 */
const REQUEST_GRACE_MS = 5_000;
const DELIVERY_DRAIN_MS = 2_000;

export interface RunningProxy {
  readonly url: string;
  readonly port: number;
  /** Where `/metrics` is served (its own listener, or the main one), undefined when it is not. */
  readonly metricsUrl: string | undefined;
  /** The outbox's event counts and queue gauges. */
  metrics(): Promise<OutboxMetrics>;
  /**
   * Swaps in the forms of `next` (loaded and checked like at start) when the plan allows it:
   * new requests use them; requests already running finish on the config they started with.
   */
  reload(next: Config): ReloadPlan;
  /** Graceful stop: stop accepting, finish in-flight requests (bounded), release leases, close the store. */
  close(): Promise<void>;
}

/**
 * Builds and starts everything `serve` runs, from a parsed config: the store (PostgreSQL on
 * DATABASE_URL, else SQLite in DATA_DIR; a StoreOpenError when it cannot be opened, PostgreSQL
 * unreachable included), the outbox and its worker, the app, the listener.
 */
export async function startProxy(config: Config, options: StartProxyOptions): Promise<RunningProxy> {
  const now = options.now ?? ((): Date => new Date());
  // A fresh lease owner per start: leases of a crashed run are not ours and simply expire.
  const owner = randomUUID();
  const opened = await openConfiguredStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    mode: 'serve',
    applicationName: `gleantap-capture/${owner}`,
    // The pool replaces a failed idle connection by itself; the readiness probe reports the outage.
    onIdleError: (code) => options.logger.warn({ code }, 'store connection lost while idle: the pool reconnects'),
    ...(options.storeFaults ? { faults: options.storeFaults } : {}),
  });
  if (!opened.ok) throw new StoreOpenError(opened.problem, opened.setting);
  const store = opened.store;
  // Counted in PostgreSQL, a limit holds across every instance; in memory with SQLite (one instance).
  const rateLimits = store.sharedRateLimits;
  const tokenKey = loadTokenKey({ tokenSecret: config.tokenSecret, dataDir: config.dataDir });
  if (!tokenKey.ok) {
    await opened.store.close();
    throw new StoreOpenError(tokenKey.problem);
  }
  // Where the key came from, never the key: a `created` after the first start means tokens of open pages were lost.
  options.logger.info({ source: tokenKey.source }, 'form token key ready');
  const captcha = createCaptchaVerifier(config.captchaVerifyBaseUrl === undefined ? {} : { baseUrl: config.captchaVerifyBaseUrl });
  const bots = { tokens: createFormTokens(tokenKey.key), captcha, junk: createJunkCheck() };
  const alerts = createAlerts(config.alerts, { logger: options.logger, now, secrets: config.secrets, ...options.alertTimings });
  const keysRefused = createKeysRefused();
  // Created before the outbox, which reports to it; reads the store only when scraped.
  const gauges: Parameters<typeof createProxyMetrics>[0]['gauges'] = (since) => outbox.gauges(since);
  const metrics = createProxyMetrics({ forms: () => current.config.forms, gauges, keysRefused, now, version: releaseVersion(), processMetrics: options.processMetrics ?? true });
  const client = instrumentClient(createGleantapClient({ ...config.gleantap, now }), metrics.observeCall);
  const outbox = createOutbox({
    store,
    owner,
    ...(rateLimits ? { pruneRateLimits: rateLimits.prune } : {}),
    client,
    secrets: config.secrets,
    settings: config.outbox,
    forms: () => current.config.forms,
    callTimeoutMs: config.gleantap.totalTimeoutMs,
    logger: options.logger,
    now,
    ...(options.random ? { random: options.random } : {}),
    alert: alerts.notify,
    listeners: [keysRefused.listener, metrics.outboxListener, ...(options.outboxListeners ?? [])],
  });
  const widget = options.widget ?? loadWidgetBundle();
  if (!widget) options.logger.warn('widget bundle not built: /widget.js answers 404 until `pnpm build` runs');
  // Pages pinned to an earlier release (SRI) keep loading it after an upgrade.
  const kept = keepWidgetReleases(config.dataDir, widget);
  for (const notice of kept.notices) options.logger[notice.level]({ file: notice.file, dir: RELEASES_DIR }, `widget release: ${notice.message}`);
  const appDeps = {
    logger: options.logger,
    delivery: outbox,
    bots,
    readinessChecks: [outbox.ready],
    deliveryHealth: createDeliveryHealth({ gauges, keysRefused: keysRefused.forms, alertAfterMs: config.outbox.alertAfterMs, now }),
    widget,
    widgetReleases: kept.releases,
    now,
    ...(rateLimits ? { createRateLimitStore: rateLimits.create } : {}),
  };
  // The one reference a reload swaps: a config and the app (per-form runtimes, limiters) built
  // from it. A request is handed to the app current when it arrives and stays on it to the end.
  let current = { config, app: createApp(config, appDeps) };
  const host = options.host ?? config.host;
  const port = options.port ?? config.port;
  const metricsPort = options.metricsPort === undefined ? config.metrics.port : options.metricsPort;
  const metricsOnMain = metricsPort !== null && metricsPort !== 0 && metricsPort === port;
  const scrape = metricsHandler(metrics, config.metrics.token);
  const app = observeRequests(
    (req, res) => (metricsOnMain && (req.url === '/metrics' || req.url?.startsWith('/metrics?')) ? scrape(req, res) : current.app(req, res)),
    metrics.observeRequest,
    (res) => {
      if (res.locals?.rateLimitedBy) metrics.rateLimited(res.locals.rateLimitedBy, res.locals.form?.form.id);
    },
  );
  let server: RunningServer;
  let metricsServer: RunningServer | undefined;
  try {
    server = await listen(app, { host, port, timeouts: config.server, closeGraceMs: REQUEST_GRACE_MS });
    try {
      if (metricsPort !== null && !metricsOnMain) metricsServer = await startMetricsServer(metrics, { host, port: metricsPort, token: config.metrics.token, timeouts: config.server });
    } catch (error) {
      await server.close();
      throw new MetricsListenError(metricsPort ?? 0, error);
    }
  } catch (error) {
    await outbox.close(0);
    await alerts.close(0);
    await client.close();
    metrics.registry.clear();
    await captcha.destroy();
    throw error;
  }
  outbox.start();
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    metricsUrl: metricsServer?.url ?? (metricsOnMain ? server.url : undefined),
    metrics: () => outbox.metrics(),
    reload(next) {
      const plan = planReload(current.config, next);
      if (plan.ok) current = { config: plan.config, app: createApp(plan.config, appDeps) };
      if (plan.ok) alerts.reload(plan.config.alerts);
      return plan;
    },
    close() {
      closing ??= (async () => {
        await Promise.all([server.close(), metricsServer?.close()]);
        // Alerts flush within the same bound, alongside the deliveries' drain, then give up quietly.
        await Promise.all([outbox.close(DELIVERY_DRAIN_MS), alerts.close(DELIVERY_DRAIN_MS)]);
        metrics.registry.clear();
        await client.close().catch(() => undefined);
        // Requests are finished by now; a verification still hanging has no one to answer.
        await captcha.destroy().catch(() => undefined);
      })();
      return closing;
    },
  };
}
