import { loadConfig } from '../../config/load-config.ts';
import { createLogger } from '../../logging/create-logger.ts';
import { startProxy } from '../../start-proxy.ts';
import { StoreOpenError } from '../../store/store-open-error.ts';
import { EXIT, type CliIo } from '../cli-io.ts';
import { describeListenError } from '../listen-error.ts';
import { printProblems } from '../print-problems.ts';
import { secretValues } from '../secret-values.ts';

export const SERVE_HELP = `Usage: gleantap-capture serve

Starts the proxy on HOST:PORT (default 0.0.0.0:8787). Every setting comes from the environment
and the forms file named by CAPTURE_CONFIG; see docs/configuration.md in the repository.
Leads are kept in the SQLite store in DATA_DIR (default ./data) until Gleantap has them.
Stops gracefully on SIGTERM or SIGINT: finishes in-flight requests, releases leases, exits 0.`;

/**
 * The line `serve` logs when it runs as root, or undefined. A proxy facing the internet should
 * hold no more rights than its DATA_DIR needs; `getuid` is absent on Windows.
 */
export function runningAsRootWarning(uid: number | undefined): string | undefined {
  return uid === 0
    ? 'running as root: run serve as an unprivileged user that owns only DATA_DIR (e.g. `USER node` in a container, `User=` in a systemd unit)'
    : undefined;
}

/** `serve`: parse the config once, start the proxy, run until asked to stop. */
export async function serveCommand(io: CliIo): Promise<number> {
  const result = loadConfig(io.env, { cwd: io.cwd });
  if (!result.ok) {
    printProblems(io, result.problems);
    return EXIT.usage;
  }
  const config = result.config;
  const logger = createLogger({ level: config.logLevel, secrets: secretValues(config) });
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
    io.err(error instanceof StoreOpenError
      ? `gleantap-capture serve: ${error.message}`
      : describeListenError(error, 'gleantap-capture serve', config.host, config.port, 'set PORT or HOST'));
    return EXIT.failure;
  }
  logger.info({ url: proxy.url, forms: [...config.forms.keys()], dataDir: config.dataDir }, 'proxy listening');
  const signal = await io.stopSignal;
  logger.info({ signal }, 'stopping: finishing in-flight requests');
  await proxy.close();
  logger.info('stopped');
  return EXIT.ok;
}
