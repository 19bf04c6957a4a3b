import type { ConfigResult } from '../../config/config.ts';
import { loadConfig } from '../../config/load-config.ts';
import { createLogger } from '../../logging/create-logger.ts';
import { chooseLogFormat } from '../../logging/log-format.ts';
import { MetricsListenError } from '../../metrics/metrics-listen-error.ts';
import { reloadForms } from '../../reload/reload-forms.ts';
import { startProxy } from '../../start-proxy.ts';
import { StoreOpenError } from '../../store/store-open-error.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { describeListenError } from '../listen-error.ts';
import { printProblems } from '../print-problems.ts';
import { secretValues } from '../secret-values.ts';

export const SERVE_HELP = `Usage: gleantap-capture serve

Starts the proxy on HOST:PORT (default 0.0.0.0:8787). Every setting comes from the environment
and the forms file named by CAPTURE_CONFIG; see docs/configuration.md in the repository.
Leads are kept in the SQLite store in DATA_DIR (default ./data) until Gleantap has them.
Stops gracefully on SIGTERM or SIGINT: finishes in-flight requests, releases leases, exits 0.
On SIGHUP it reads the forms file again: a good file replaces the forms for new requests; a bad
one is refused, its problems logged, and the running forms stay. The environment (PORT, HOST,
DATA_DIR, keys, timeouts) and the file's outbox block are read at start only.`;

/**
 * The line `serve` logs when it runs as root, or undefined. A proxy facing the internet should
 * hold no more rights than its DATA_DIR needs; `getuid` is absent on Windows.
 */
export function runningAsRootWarning(uid: number | undefined): string | undefined {
  return uid === 0 ? 'running as root: run serve as an unprivileged user that owns only DATA_DIR (e.g. `USER node` in a container, `User=` in a systemd unit)' : undefined;
}

/**
 * `serve`: parse the config once, start the proxy, run until asked to stop. SIGHUP reloads the
 * forms file (see reload/reload-forms.ts) against the environment as it was at start.
 */
export async function serveCommand(io: CliIo): Promise<number> {
  const env = Object.freeze({ ...io.env });
  const load = (): ConfigResult => loadConfig(env, { cwd: io.cwd });
  // A SIGHUP during start-up may come after the file was read: it is remembered and applied once
  // the proxy runs. Listening from the first moment also keeps Node's default (exit) away.
  let reloadAsked = false;
  let onReload = (): void => {
    reloadAsked = true;
  };
  const stopListening = io.onReload?.(() => onReload());
  try {
    return await serve(io, load, (reload) => {
      onReload = reload;
      if (reloadAsked) reload();
    });
  } finally {
    stopListening?.();
  }
}

async function serve(io: CliIo, load: () => ConfigResult, setReload: (reload: () => void) => void): Promise<number> {
  const result = load();
  if (!result.ok) {
    printProblems(io, result.problems);
    return EXIT.usage;
  }
  const config = result.config;
  const tty = process.stdout.isTTY === true;
  const logger = createLogger({ level: config.logLevel, secrets: secretValues(config), format: chooseLogFormat(config.logFormat, tty), colour: tty });
  const rootWarning = runningAsRootWarning(process.getuid?.());
  if (rootWarning) logger.warn(rootWarning);
  let proxy;
  try {
    proxy = await startProxy(config, { logger });
  } catch (error) {
    // A DATA_DIR that can never hold a store is a bad setting (exit 2, like every config
    // problem); a store that cannot be opened right now is a runtime failure (exit 1).
    if (error instanceof StoreOpenError && error.setting) {
      printProblems(io, [{ path: error.setting, message: error.problem }]);
      return EXIT.usage;
    }
    if (error instanceof MetricsListenError) io.err(describeListenError(error.cause, 'gleantap-capture serve (metrics)', config.host, error.port, 'set METRICS_PORT'));
    else io.err(error instanceof StoreOpenError ? `gleantap-capture serve: ${error.message}` : describeListenError(error, 'gleantap-capture serve', config.host, config.port, 'set PORT or HOST'));
    return EXIT.failure;
  }
  logger.info({ url: proxy.url, metricsUrl: proxy.metricsUrl ?? null, forms: [...config.forms.keys()], dataDir: config.dataDir }, 'proxy listening');
  const running = proxy;
  setReload(() => reloadForms(running, load, logger));
  const signal = await io.stopSignal;
  setReload(() => logger.info('config reload ignored: stopping'));
  logger.info({ signal }, 'stopping: finishing in-flight requests');
  await proxy.close();
  logger.info('stopped');
  return EXIT.ok;
}
