import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config.ts';
import { startDemoSite } from '../../demo/demo-site.ts';
import { createLogger } from '../../logging/create-logger.ts';
import { chooseLogFormat, parseLogFormat } from '../../logging/log-format.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { startSandbox } from '../../sandbox/start-sandbox.ts';
import { startProxy } from '../../start-proxy.ts';
import { StoreOpenError } from '../../store/store-open-error.ts';
import { loadWidgetBundle, widgetBuildPath } from '../../widget/widget-bundle.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { describeListenError } from '../listen-error.ts';
import { printProblems } from '../print-problems.ts';

export const DEMO_HELP = `Usage: gleantap-capture demo [--proxy-port 8787] [--sandbox-port 4010] [--site-port 5173]

Starts three things on 127.0.0.1, with freshly generated demo keys: the sandbox Gleantap, a
proxy pointed at it (forms from proxy/demo/forms.json), and a demo studio website on its own
origin: its front page as a visitor sees it, and developer pages that embed the form every
supported way. Nothing leaves this machine. Ctrl-C stops.`;

const DEMO_FORMS = fileURLToPath(new URL('demo/forms.json', PACKAGE_ROOT));

/** `demo`: the whole product on one machine with no other service. */
export async function demoCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      'proxy-port': { type: 'string', default: '8787' },
      'sandbox-port': { type: 'string', default: '4010' },
      'site-port': { type: 'string', default: '5173' },
    },
    strict: true,
  });
  const ports = { proxy: Number(values['proxy-port']), sandbox: Number(values['sandbox-port']), site: Number(values['site-port']) };
  for (const [name, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      io.err(`gleantap-capture demo: --${name}-port must be a port number`);
      return EXIT.usage;
    }
  }
  // Keys exist only for this run: the sandbox accepts them and the proxy sends them.
  const apiKey = `demo_${randomBytes(12).toString('hex')}`;
  const secretKey = `demo_${randomBytes(12).toString('hex')}`;
  const tty = process.stdout.isTTY === true;
  const logger = createLogger({ level: io.env['LOG_LEVEL'] ?? 'warn', secrets: [apiKey, secretKey], format: chooseLogFormat(parseLogFormat(io.env['LOG_FORMAT']), tty), colour: tty });

  let sandbox;
  try {
    sandbox = await startSandbox({ apiKey, secretKey, host: '127.0.0.1', port: ports.sandbox, logger });
  } catch (error) {
    io.err(describeListenError(error, 'gleantap-capture demo (sandbox)', '127.0.0.1', ports.sandbox, 'use --sandbox-port'));
    return EXIT.failure;
  }
  const siteOrigin = `http://127.0.0.1:${ports.site}`;
  const result = loadConfig(
    {
      GLEANTAP_API_KEY: apiKey,
      GLEANTAP_SECRET_KEY: secretKey,
      GLEANTAP_APP_ID: 'demo-app',
      GLEANTAP_BASE_URL: sandbox.url,
      // The second studio's own account (forms.json's `accounts`): another app id, the same sandbox keys.
      GLEANTAP_EASTSIDE_API_KEY: apiKey,
      GLEANTAP_EASTSIDE_SECRET_KEY: secretKey,
      ALLOWED_ORIGINS: [siteOrigin, `http://localhost:${ports.site}`].join(','),
      CAPTURE_CONFIG: DEMO_FORMS,
      HOST: '127.0.0.1',
      PORT: String(ports.proxy),
      DATA_DIR: io.env['DATA_DIR'] ?? 'data/demo',
      LOG_LEVEL: io.env['LOG_LEVEL'] ?? 'warn',
    },
    { cwd: io.cwd },
  );
  if (!result.ok) {
    printProblems(io, result.problems);
    await sandbox.close();
    return EXIT.usage;
  }
  // Read and compressed once: the proxy serves it and the demo's pinned snippet hashes it.
  const widget = loadWidgetBundle();
  let proxy;
  try {
    proxy = await startProxy(result.config, { logger, widget, metricsPort: null });
  } catch (error) {
    await sandbox.close();
    io.err(error instanceof StoreOpenError ? `gleantap-capture demo: ${error.message}` : describeListenError(error, 'gleantap-capture demo (proxy)', '127.0.0.1', ports.proxy, 'use --proxy-port'));
    return EXIT.failure;
  }
  let site;
  try {
    site = await startDemoSite({ host: '127.0.0.1', port: ports.site, proxyUrl: proxy.url, sandboxUrl: sandbox.url, widget, esmPath: widgetBuildPath('esm/index.js') });
  } catch (error) {
    await proxy.close();
    await sandbox.close();
    io.err(describeListenError(error, 'gleantap-capture demo (website)', '127.0.0.1', ports.site, 'use --site-port'));
    return EXIT.failure;
  }
  io.out('Gleantap Capture demo is running:');
  io.out(`  studio website    ${site.url}/   ← open this`);
  io.out(`  developer pages   ${site.url}/developers.html`);
  io.out(`  live contacts     ${site.url}/contacts.html`);
  io.out(`  proxy             ${proxy.url}   (widget: ${proxy.url}/widget.js)`);
  io.out(`  sandbox Gleantap  ${sandbox.url}   (${sandbox.url}/_sandbox/contacts)`);
  io.out('Press Ctrl-C to stop.');
  await io.stopSignal;
  await site.close();
  await proxy.close();
  await sandbox.close();
  return EXIT.ok;
}
