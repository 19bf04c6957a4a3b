import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config.ts';
import { createLogger } from '../../logging/create-logger.ts';
import { startSandbox } from '../../sandbox/start-sandbox.ts';
import { startProxy } from '../../start-proxy.ts';
import { EXIT, type CliIo } from '../cli-io.ts';
import { describeListenError } from '../listen-error.ts';
import { printProblems } from '../print-problems.ts';

export const DEMO_HELP = `Usage: gleantap-capture demo [--proxy-port 8787] [--sandbox-port 4010] [--site-origin http://127.0.0.1:5173]

Starts the sandbox Gleantap and a proxy pointed at it, with freshly generated demo keys and
the default form, all on 127.0.0.1. Nothing leaves this machine. Ctrl-C stops everything.`;

/** `demo`: the whole product on one machine with no other service. */
export async function demoCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      'proxy-port': { type: 'string', default: '8787' },
      'sandbox-port': { type: 'string', default: '4010' },
      'site-origin': { type: 'string', default: 'http://127.0.0.1:5173' },
    },
    strict: true,
  });
  const proxyPort = Number(values['proxy-port']);
  const sandboxPort = Number(values['sandbox-port']);
  // Keys exist only for this run: the sandbox accepts them and the proxy sends them.
  const apiKey = `demo_${randomBytes(12).toString('hex')}`;
  const secretKey = `demo_${randomBytes(12).toString('hex')}`;
  const logger = createLogger({ level: io.env['LOG_LEVEL'] ?? 'warn', secrets: [apiKey, secretKey] });

  let sandbox;
  try {
    sandbox = await startSandbox({ apiKey, secretKey, host: '127.0.0.1', port: sandboxPort, logger });
  } catch (error) {
    io.err(describeListenError(error, 'gleantap-capture demo (sandbox)', '127.0.0.1', sandboxPort, 'use --sandbox-port'));
    return EXIT.failure;
  }
  const siteOrigin = values['site-origin'];
  const result = loadConfig(
    {
      GLEANTAP_API_KEY: apiKey,
      GLEANTAP_SECRET_KEY: secretKey,
      GLEANTAP_APP_ID: 'demo-app',
      GLEANTAP_BASE_URL: sandbox.url,
      ALLOWED_ORIGINS: [siteOrigin, siteOrigin.replace('127.0.0.1', 'localhost')].join(','),
      HOST: '127.0.0.1',
      PORT: String(proxyPort),
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
  let proxy;
  try {
    proxy = await startProxy(result.config, { logger });
  } catch (error) {
    await sandbox.close();
    io.err(describeListenError(error, 'gleantap-capture demo (proxy)', '127.0.0.1', proxyPort, 'use --proxy-port'));
    return EXIT.failure;
  }
  const example = JSON.stringify({
    id: '7b0c6a52-3c1e-4f7a-9a51-2f1d1c0f6e11',
    fields: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
  });
  io.out('Gleantap Capture demo is running:');
  io.out(`  proxy            ${proxy.url}   (form definition: ${proxy.url}/v1/forms/default)`);
  io.out(`  sandbox Gleantap ${sandbox.url}   (contacts: ${sandbox.url}/_sandbox/contacts)`);
  io.out(`  allowed origin   ${siteOrigin}`);
  io.out('Try a signup:');
  io.out(`  curl -i -H 'Content-Type: application/json' -H 'Origin: ${siteOrigin}' -d '${example}' ${proxy.url}/v1/forms/default/submissions`);
  io.out(`  curl ${sandbox.url}/_sandbox/contacts`);
  io.out('Press Ctrl-C to stop.');
  await io.stopSignal;
  await proxy.close();
  await sandbox.close();
  return EXIT.ok;
}
