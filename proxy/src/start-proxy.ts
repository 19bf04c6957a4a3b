import type { Logger } from 'pino';
import { type AlertsDeps, createAlerts } from './alerts/create-alerts.ts';
import { createApp } from './app.ts';
import { createCaptchaVerifier } from './bots/captcha.ts';
import { createFormTokens } from './bots/form-token.ts';
import { createJunkCheck } from './bots/junk.ts';
import { loadTokenKey } from './bots/token-key.ts';
import type { Config } from './config/config.ts';
import { createGleantapClient } from './gleantap/client.ts';
import type { OutboxMetrics } from './outbox/counters.ts';
import { createOutbox } from './outbox/outbox.ts';
import { planReload, type ReloadPlan } from './reload/plan-reload.ts';
import { listen, type RunningServer } from './server.ts';
import { openStore } from './store/open-store.ts';
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
  /** Jitter source of the outbox's backoff. */
  readonly random?: () => number;
  /** The widget bundle when the caller has already loaded it; read from the widget package otherwise. */
  readonly widget?: WidgetBundle | undefined;
  /** Test-only: fault injection into the store's connection (see store/store-faults.ts). */
  readonly storeFaults?: StoreFaults;
  /** Test-only: shorter alert retries, folding window and sweep (see alerts/create-alerts.ts). */
  readonly alertTimings?: Pick<AlertsDeps, 'limits' | 'foldWindowMs' | 'sweepMs'>;
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
  /** The outbox's counters and queue gauges. */
  metrics(): OutboxMetrics;
  /**
   * Swaps in the forms of `next` (loaded and checked like at start) when the plan allows it:
   * new requests use them; requests already running finish on the config they started with.
   */
  reload(next: Config): ReloadPlan;
  /** Graceful stop: stop accepting, finish in-flight requests (bounded), release leases, close the store. */
  close(): Promise<void>;
}

/**
 * Builds and starts everything `serve` runs, from a parsed config: the store in DATA_DIR (a
 * StoreOpenError when it cannot be opened), the outbox and its worker, the app, the listener.
 */
export async function startProxy(config: Config, options: StartProxyOptions): Promise<RunningProxy> {
  const now = options.now ?? ((): Date => new Date());
  const opened = openStore({ dataDir: config.dataDir, mode: 'serve', ...(options.storeFaults ? { faults: options.storeFaults } : {}) });
  if (!opened.ok) throw new StoreOpenError(opened.problem, opened.setting);
  const tokenKey = loadTokenKey({ tokenSecret: config.tokenSecret, dataDir: config.dataDir });
  if (!tokenKey.ok) {
    opened.store.close();
    throw new StoreOpenError(tokenKey.problem);
  }
  // Where the key came from, never the key: a `created` after the first start means tokens of open pages were lost.
  options.logger.info({ source: tokenKey.source }, 'form token key ready');
  const captcha = createCaptchaVerifier(config.captchaVerifyBaseUrl === undefined ? {} : { baseUrl: config.captchaVerifyBaseUrl });
  const bots = { tokens: createFormTokens(tokenKey.key), captcha, junk: createJunkCheck() };
  const client = createGleantapClient({ ...config.gleantap, now });
  const alerts = createAlerts(config.alerts, { logger: options.logger, now, secrets: config.secrets, ...options.alertTimings });
  const outbox = createOutbox({
    store: opened.store,
    client,
    secrets: config.secrets,
    settings: config.outbox,
    forms: () => current.config.forms,
    callTimeoutMs: config.gleantap.totalTimeoutMs,
    logger: options.logger,
    now,
    ...(options.random ? { random: options.random } : {}),
    alert: alerts.notify,
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
    widget,
    widgetReleases: kept.releases,
    now,
  };
  // The one reference a reload swaps: a config and the app (per-form runtimes, limiters) built
  // from it. A request is handed to the app current when it arrives and stays on it to the end.
  let current = { config, app: createApp(config, appDeps) };
  let server: RunningServer;
  try {
    server = await listen((req, res) => current.app(req, res), {
      host: options.host ?? config.host,
      port: options.port ?? config.port,
      timeouts: config.server,
      closeGraceMs: REQUEST_GRACE_MS,
    });
  } catch (error) {
    await outbox.close(0);
    await alerts.close(0);
    await client.close();
    await captcha.destroy();
    throw error;
  }
  outbox.start();
  let closing: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    metrics: () => outbox.metrics(),
    reload(next) {
      const plan = planReload(current.config, next);
      if (plan.ok) current = { config: plan.config, app: createApp(plan.config, appDeps) };
      if (plan.ok) alerts.reload(plan.config.alerts);
      return plan;
    },
    close() {
      closing ??= (async () => {
        await server.close();
        // Alerts flush within the same bound, alongside the deliveries' drain, then give up quietly.
        await Promise.all([outbox.close(DELIVERY_DRAIN_MS), alerts.close(DELIVERY_DRAIN_MS)]);
        await client.close().catch(() => undefined);
        // Requests are finished by now; a verification still hanging has no one to answer.
        await captcha.destroy().catch(() => undefined);
      })();
      return closing;
    },
  };
}
