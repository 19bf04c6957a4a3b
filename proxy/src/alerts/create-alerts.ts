import type { Logger } from 'pino';
import { Agent } from 'undici';
import type { AlertSettings, AlertWebhookSettings } from '../config/resolve-alerts.ts';
import type { AlertEvent } from './alert-event.ts';
import { createFolder, FOLD_WINDOW_MS, type Release } from './fold.ts';
import { renderAlert } from './render.ts';
import { createWebhookQueue, type QueueLimits, type WebhookQueue } from './webhook-queue.ts';

export interface AlertsDeps {
  readonly logger: Logger;
  /** The injected clock: folding windows and signature times read it. */
  readonly now: () => Date;
  /** Secret values by variable name (`Config.secrets`, as read at start). */
  readonly secrets: ReadonlyMap<string, string>;
  readonly limits?: Partial<QueueLimits>;
  readonly foldWindowMs?: number;
  /** Real-time interval at which folded events whose window ended are sent. */
  readonly sweepMs?: number;
}

/** Alerts to people: webhooks told about dead letters, degraded and recovered delivery, refused keys. */
export interface Alerts {
  /** Never throws and never waits: sending happens in the background. */
  notify(event: AlertEvent): void;
  /** Follows a reloaded forms file; messages already queued still go to the webhook they were for. */
  reload(settings: AlertSettings): void;
  /** Sends what it can within `drainMs`, then drops the rest quietly and frees its connections. */
  close(drainMs: number): Promise<void>;
}

export const ALERT_LIMITS: QueueLimits = { maxQueued: 100, maxAttempts: 5, retryBaseMs: 1_000, timeoutMs: 5_000 };
const SWEEP_MS = 5_000;

/** A webhook's identity: a reload that keeps it keeps its queue. */
const hookKey = (hook: AlertWebhookSettings): string => JSON.stringify([hook.url, hook.format, hook.secretEnv ?? null, hook.includeLead, [...hook.events]]);

/**
 * Builds the alerts of one running proxy. Its own undici Agent (never the Gleantap pool), a
 * bounded queue per webhook, a timeout per request: a webhook that fails or hangs costs memory
 * bounded by the queue and nothing else — accepting and delivering leads never wait for it.
 */
export function createAlerts(settings: AlertSettings, deps: AlertsDeps): Alerts {
  const limits: QueueLimits = { ...ALERT_LIMITS, ...deps.limits };
  const dispatcher = new Agent({ connections: 2, connect: { timeout: limits.timeoutMs }, headersTimeout: limits.timeoutMs, bodyTimeout: limits.timeoutMs });
  const folder = createFolder(deps.foldWindowMs ?? FOLD_WINDOW_MS);
  let current = new Map<string, { hook: AlertWebhookSettings; queue: WebhookQueue }>();
  const retired = new Set<WebhookQueue>();
  let closed = false;

  function build(next: AlertSettings): void {
    const kept = new Map<string, { hook: AlertWebhookSettings; queue: WebhookQueue }>();
    next.webhooks.forEach((hook, index) => {
      const key = hookKey(hook);
      const existing = current.get(key) ?? kept.get(key);
      if (existing !== undefined) {
        kept.set(key, existing);
        return;
      }
      const secret = hook.secretEnv === undefined ? undefined : deps.secrets.get(hook.secretEnv);
      kept.set(key, { hook, queue: createWebhookQueue({ url: hook.url, index, secret }, limits, { dispatcher, logger: deps.logger, now: deps.now }) });
    });
    for (const [key, entry] of current) if (!kept.has(key)) retired.add(entry.queue);
    current = kept;
  }

  function send(release: Release): void {
    const nowMs = deps.now().getTime();
    for (const { hook, queue } of current.values()) {
      if (hook.events.has(release.event.kind)) queue.push(renderAlert(release, hook, nowMs));
    }
  }

  build(settings);
  const sweeper = setInterval(() => {
    try {
      for (const release of folder.due(deps.now().getTime())) send(release);
      for (const queue of retired) if (queue.size() === 0) retired.delete(queue);
    } catch (error) {
      deps.logger.warn({ error: String(error) }, 'alert not sent: it could not be built');
    }
  }, deps.sweepMs ?? SWEEP_MS);
  sweeper.unref();

  return {
    notify(event) {
      if (closed || current.size === 0) return;
      try {
        const release = folder.admit(event, deps.now().getTime());
        if (release !== undefined) send(release);
      } catch (error) {
        // An alert is never worth a failed delivery: whatever went wrong stays here.
        deps.logger.warn({ error: String(error) }, 'alert not sent: it could not be built');
      }
    },
    reload(next) {
      if (!closed) build(next);
    },
    async close(drainMs) {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      const queues = [...[...current.values()].map((entry) => entry.queue), ...retired];
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(queues.map((queue) => queue.idle())), new Promise((resolve) => (timer = setTimeout(resolve, drainMs)))]);
      clearTimeout(timer);
      const unsent = queues.reduce((sum, queue) => sum + queue.stop(), 0);
      if (unsent > 0) deps.logger.info({ unsent }, 'stopping: alerts not sent in time are dropped');
      await dispatcher.destroy().catch(() => undefined);
    },
  };
}
