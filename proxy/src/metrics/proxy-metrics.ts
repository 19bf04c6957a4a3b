import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxListener } from '../outbox/outbox-events.ts';
import type { QueueGauges } from '../store/gauge-queries.ts';
import type { CallObserver } from './instrument-client.ts';
import type { KeysRefused } from './keys-refused.ts';
import { formLabel } from './labels.ts';

/** Every name starts with this; the deploy files and alert rules rely on it. */
export const METRIC_PREFIX = 'gleantap_capture_';
const DAY_MS = 24 * 3_600_000;

export type RateLimiterName = 'ip' | 'form';

/** A finished HTTP request, labelled by route template (or `unknown`). */
export interface ObservedRequest {
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly seconds: number;
}

export interface ProxyMetricsDeps {
  /** The running config's forms: only their ids become labels. */
  readonly forms: () => ReadonlyMap<string, unknown>;
  /** The queue now, read from the store at each scrape. */
  readonly gauges: (deadSinceMs: number) => Promise<QueueGauges>;
  readonly keysRefused: KeysRefused;
  readonly now: () => Date;
  readonly version: string;
  /**
   * prom-client's process and Node metrics. Its event-loop monitor and GC observer cannot be
   * stopped once started, so in-process test proxies (hundreds per test worker) leave them out.
   */
  readonly processMetrics: boolean;
}

/** One app's metrics: its own registry (never prom-client's global one) and the hooks that feed it. */
export interface ProxyMetrics {
  readonly registry: Registry;
  readonly outboxListener: OutboxListener;
  readonly observeCall: CallObserver;
  observeRequest(request: ObservedRequest): void;
  rateLimited(limiter: RateLimiterName, formId: string | undefined): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ readonly body: string; readonly contentType: string }>;
}

/** Builds the registry with every metric of docs/operations.md and Node's process metrics. */
export function createProxyMetrics(deps: ProxyMetricsDeps): ProxyMetrics {
  const registry = new Registry();
  const registers = [registry];
  const name = (suffix: string): string => `${METRIC_PREFIX}${suffix}`;
  const form = (id: string | undefined): string => formLabel(deps.forms, id);

  const requests = new Counter({ name: name('http_requests_total'), help: 'HTTP requests answered, by route template, method and status.', labelNames: ['route', 'method', 'status'], registers });
  const requestSeconds = new Histogram({
    name: name('http_request_duration_seconds'),
    help: 'Time to answer an HTTP request, by route template and method.',
    labelNames: ['route', 'method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const submissions = new Counter({
    name: name('submissions_total'),
    help: 'Leads by outcome: accepted, delivered, retried (a failed call to be tried again), dead, dropped (bot or junk), replayed.',
    labelNames: ['form', 'outcome'],
    registers,
  });
  const inline = new Counter({ name: name('inline_answers_total'), help: 'Answers to new leads: 201 created inline, 202 queued.', labelNames: ['form', 'status'], registers });
  const rateLimited = new Counter({ name: name('rate_limited_total'), help: 'Requests refused with 429, by limiter (ip, form) and form.', labelNames: ['limiter', 'form'], registers });
  const calls = new Histogram({
    name: name('gleantap_call_duration_seconds'),
    help: 'Gleantap API call time, by endpoint and outcome class.',
    labelNames: ['endpoint', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
    registers,
  });
  // The queue gauges are read from the store at scrape time: with DATABASE_URL every instance
  // reports the whole shared queue (aggregate them with max, not sum).
  // The three queue gauges collect at once in a scrape: they share one read of the store.
  let reading: Promise<QueueGauges> | undefined;
  const read = (): Promise<QueueGauges> => {
    reading ??= deps.gauges(deps.now().getTime() - DAY_MS).finally(() => {
      reading = undefined;
    });
    return reading;
  };
  new Gauge({
    name: name('queue_leads'),
    help: 'Leads in the outbox by state.',
    labelNames: ['state'],
    registers,
    async collect() {
      for (const [state, count] of Object.entries((await read()).byState)) this.set({ state }, count);
    },
  });
  new Gauge({
    name: name('queue_oldest_age_seconds'),
    help: 'How long the lead waiting longest has waited; 0 when none waits.',
    registers,
    async collect() {
      const since = (await read()).oldestWaitingSince;
      this.set(since === null ? 0 : Math.max(0, (deps.now().getTime() - since) / 1000));
    },
  });
  new Gauge({
    name: name('dead_letters_24h'),
    help: 'Leads dead-lettered in the last 24 hours.',
    registers,
    async collect() {
      this.set((await read()).deadSince);
    },
  });
  new Gauge({
    name: name('gleantap_keys_refused'),
    help: "1 while Gleantap's last answer to a form's keys was a refusal (401/403), by form.",
    labelNames: ['form'],
    registers,
    collect() {
      this.reset();
      for (const id of deps.forms().keys()) this.set({ form: id }, 0);
      for (const id of deps.keysRefused.forms()) this.set({ form: form(id) }, 1);
    },
  });
  new Gauge({ name: name('build_info'), help: 'Always 1; the release and Node version as labels.', labelNames: ['version', 'node'], registers }).set(
    { version: deps.version, node: process.version },
    1,
  );
  if (deps.processMetrics) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

  return {
    registry,
    outboxListener(event) {
      if (event.kind === 'answered') inline.inc({ form: form(event.formId), status: String(event.status) });
      else submissions.inc({ form: form(event.formId), outcome: event.kind });
    },
    observeCall(endpoint, outcome, seconds) {
      calls.observe({ endpoint, outcome }, seconds);
    },
    observeRequest(request) {
      requests.inc({ route: request.route, method: request.method, status: String(request.status) });
      requestSeconds.observe({ route: request.route, method: request.method }, request.seconds);
    },
    rateLimited(limiter, formId) {
      rateLimited.inc({ limiter, form: form(formId) });
    },
    async scrape() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}
