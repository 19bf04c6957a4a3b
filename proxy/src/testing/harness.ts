import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { secretValues } from '../cli/secret-values.ts';
import type { Config } from '../config/config.ts';
import { loadConfig } from '../config/load-config.ts';
import { createLogger } from '../logging/create-logger.ts';
import type { OutboxListener } from '../outbox/outbox-events.ts';
import { startSandbox } from '../sandbox/start-sandbox.ts';
import { type RunningProxy, type StartProxyOptions, startProxy } from '../start-proxy.ts';
import type { StoreFaults } from '../store/store-faults.ts';
import type { WidgetBundle } from '../widget/widget-bundle.ts';
import { type StoreKind, testDatabaseUrl } from './test-postgres.ts';

/** The TOKEN_SECRET a PostgreSQL harness runs with (required beside DATABASE_URL). */
export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789abcdef';

/** Distinctive values a test can search for in everything the proxy emits. */
export const CANARY = {
  apiKey: 'GTKEY_canary_4f1d9a7e2b',
  secretKey: 'GTSECRET_canary_9c3e5b1a7d',
  appId: 'app_canary_77',
} as const;

export const SITE_ORIGIN = 'https://www.example-gym.com';

/**
 * The built-in default form (first_name, last_name, email required; phone optional; origins
 * from ALLOWED_ORIGINS) with limits high enough for suites that send many requests.
 */
export const DEFAULT_TEST_FORMS_FILE = {
  version: 1,
  defaults: { rateLimit: { perIp: { max: 10_000, windowSeconds: 600 }, perForm: { max: 10_000, windowSeconds: 600 } } },
  forms: {
    default: {
      fields: [{ name: 'first_name', required: true }, { name: 'last_name', required: true }, { name: 'email', required: true }, { name: 'phone' }],
    },
  },
} as const;

/** Collects every log line the proxy writes, as text. */
export function captureLines(): { readonly stream: Writable; readonly lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { stream, lines };
}

export interface Harness {
  readonly proxy: RunningProxy;
  readonly sandboxUrl: string;
  readonly config: Config;
  /** The proxy's DATA_DIR (a fresh temp directory unless the options named one). */
  readonly dataDir: string;
  /** Which store the proxy runs on. */
  readonly store: StoreKind;
  /** The proxy's DATABASE_URL on the file's cluster (postgres), undefined with SQLite. */
  readonly databaseUrl: string | undefined;
  readonly logs: string[];
  /** Every stored contact in the sandbox. */
  contacts(): Promise<Array<Record<string, unknown>>>;
  /** Every call the sandbox received. */
  calls(): Promise<Array<Record<string, unknown>>>;
  /** Sets a sandbox fault (`/_sandbox/faults`). */
  fault(spec: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra environment on top of the sandbox keys and base URL. */
  readonly env?: Readonly<Record<string, string>>;
  /** A forms file's contents, named by CAPTURE_CONFIG; DEFAULT_TEST_FORMS_FILE when absent. */
  readonly formsFile?: unknown;
  readonly now?: () => Date;
  /** Use this DATA_DIR (kept on close) instead of a fresh temp one (removed on close). */
  readonly dataDir?: string;
  /**
   * `postgres`: DATABASE_URL is a fresh database on the test file's cluster (see
   * test-postgres.ts: the file calls describeStores or usePostgresCluster); default `sqlite`.
   */
  readonly store?: StoreKind;
  /** With `postgres`: this database instead of a fresh one (a restart on the same store). */
  readonly databaseUrl?: string | undefined;
  readonly storeFaults?: StoreFaults;
  readonly random?: () => number;
  /** Serve this widget bundle instead of the widget package's build. */
  readonly widget?: WidgetBundle;
  /** Shorter alert retries, folding window and sweep. */
  readonly alertTimings?: StartProxyOptions['alertTimings'];
  /** The metrics listener's port: 0 (a free one) unless given; null for none. */
  readonly metricsPort?: number | null;
  /** prom-client's process metrics, which cannot be stopped once started: off unless asked. */
  readonly processMetrics?: boolean;
  /** Extra subscribers to the outbox's events. */
  readonly outboxListeners?: readonly OutboxListener[];
}

/** A fresh temp DATA_DIR, for tests that start proxies themselves. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'gc-data-'));
}

/** A sandbox Gleantap and a proxy pointed at it, both on ephemeral loopback ports. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const captured = captureLines();
  const sandboxLogger = createLogger({ level: 'warn', secrets: [CANARY.apiKey, CANARY.secretKey] });
  const sandbox = await startSandbox({ apiKey: CANARY.apiKey, secretKey: CANARY.secretKey, host: '127.0.0.1', port: 0, logger: sandboxLogger });
  const formsJson = JSON.stringify(options.formsFile ?? DEFAULT_TEST_FORMS_FILE);
  const dataDir = options.dataDir ?? tempDataDir();
  const store = options.store ?? (options.databaseUrl === undefined ? 'sqlite' : 'postgres');
  const databaseUrl = store === 'postgres' ? (options.databaseUrl ?? (await testDatabaseUrl())) : undefined;
  const removeDataDir = (): void => {
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  const result = loadConfig(
    {
      GLEANTAP_API_KEY: CANARY.apiKey,
      GLEANTAP_SECRET_KEY: CANARY.secretKey,
      GLEANTAP_APP_ID: CANARY.appId,
      GLEANTAP_BASE_URL: sandbox.url,
      ALLOWED_ORIGINS: SITE_ORIGIN,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      CAPTURE_CONFIG: '/virtual/forms.json',
      DATA_DIR: dataDir,
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl, TOKEN_SECRET: TEST_TOKEN_SECRET }),
      ...options.env,
    },
    { readFile: () => formsJson },
  );
  if (!result.ok) {
    await sandbox.close();
    removeDataDir();
    throw new Error(`test config invalid: ${JSON.stringify(result.problems)}`);
  }
  const logger = createLogger({ level: 'info', secrets: secretValues(result.config), destination: captured.stream });
  let proxy: RunningProxy;
  try {
    proxy = await startProxy(result.config, {
      logger,
      port: 0,
      metricsPort: options.metricsPort === undefined ? 0 : options.metricsPort,
      processMetrics: options.processMetrics ?? false,
      host: '127.0.0.1',
      ...(options.now ? { now: options.now } : {}),
      ...(options.storeFaults ? { storeFaults: options.storeFaults } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.widget ? { widget: options.widget } : {}),
      ...(options.alertTimings ? { alertTimings: options.alertTimings } : {}),
      ...(options.outboxListeners ? { outboxListeners: options.outboxListeners } : {}),
    });
  } catch (error) {
    await sandbox.close();
    removeDataDir();
    throw error;
  }
  const sandboxJson = async (path: string) => (await fetch(`${sandbox.url}${path}`)).json() as Promise<Array<Record<string, unknown>>>;
  return {
    proxy,
    sandboxUrl: sandbox.url,
    config: result.config,
    dataDir,
    store,
    databaseUrl,
    logs: captured.lines,
    contacts: () => sandboxJson('/_sandbox/contacts'),
    calls: () => sandboxJson('/_sandbox/calls'),
    async fault(spec) {
      const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
      if (!response.ok) throw new Error(`fault not set: ${response.status}`);
    },
    async close() {
      await proxy.close();
      await sandbox.close();
      removeDataDir();
    },
  };
}

/** A fresh submission body for the default form. */
export function signup(fields: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: crypto.randomUUID(),
    fields: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', ...fields },
    ...extra,
  };
}

/** POSTs a JSON submission as a browser on `origin` would. */
export function post(proxyUrl: string, body: unknown, options: { formId?: string; origin?: string | null; headers?: Record<string, string> } = {}): Promise<Response> {
  const origin = options.origin === undefined ? SITE_ORIGIN : options.origin;
  return fetch(`${proxyUrl}/v1/forms/${options.formId ?? 'default'}/submissions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(origin === null ? {} : { origin }),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
