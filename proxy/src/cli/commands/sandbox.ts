import { parseArgs } from 'node:util';
import { createLogger } from '../../logging/create-logger.ts';
import { chooseLogFormat, parseLogFormat } from '../../logging/log-format.ts';
import { startSandbox } from '../../sandbox/start-sandbox.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { describeListenError } from '../listen-error.ts';

export const SANDBOX_HELP = `Usage: gleantap-capture sandbox [--port 4010] [--host 127.0.0.1]

Starts a local stand-in for the Gleantap API: newContact and optin with create-or-update
matching, plus /_sandbox/contacts, /_sandbox/calls and /_sandbox/faults for testing.
It accepts the keys in GLEANTAP_API_KEY and GLEANTAP_SECRET_KEY and answers 401 to others.`;

/** `sandbox`: run the sandbox Gleantap until asked to stop. */
export async function sandboxCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { port: { type: 'string', default: '4010' }, host: { type: 'string', default: '127.0.0.1' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`gleantap-capture sandbox: --port must be a port number, not "${values.port}"`);
    return EXIT.usage;
  }
  const apiKey = io.env['GLEANTAP_API_KEY'];
  const secretKey = io.env['GLEANTAP_SECRET_KEY'];
  const missing = [!apiKey && 'GLEANTAP_API_KEY', !secretKey && 'GLEANTAP_SECRET_KEY'].filter(Boolean);
  if (!apiKey || !secretKey) {
    io.err(`gleantap-capture sandbox: set ${missing.join(' and ')} (the keys the sandbox will accept)`);
    return EXIT.usage;
  }
  const tty = process.stdout.isTTY === true;
  const logger = createLogger({ level: io.env['LOG_LEVEL'] ?? 'info', secrets: [apiKey, secretKey], format: chooseLogFormat(parseLogFormat(io.env['LOG_FORMAT']), tty), colour: tty });
  let sandbox;
  try {
    sandbox = await startSandbox({ apiKey, secretKey, host: values.host, port, logger });
  } catch (error) {
    io.err(describeListenError(error, 'gleantap-capture sandbox', values.host, port, 'use --port'));
    return EXIT.failure;
  }
  io.out(`Sandbox Gleantap listening on ${sandbox.url}`);
  io.out(`  contacts: ${sandbox.url}/_sandbox/contacts   calls: ${sandbox.url}/_sandbox/calls`);
  await io.stopSignal;
  await sandbox.close();
  return EXIT.ok;
}
