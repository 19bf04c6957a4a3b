import { checkConfigCommand, CHECK_CONFIG_HELP } from './commands/check-config.ts';
import { demoCommand, DEMO_HELP } from './commands/demo.ts';
import { outboxCommand, OUTBOX_HELP } from './commands/outbox.ts';
import { sandboxCommand, SANDBOX_HELP } from './commands/sandbox.ts';
import { serveCommand, SERVE_HELP } from './commands/serve.ts';
import { versionCommand, VERSION_HELP } from './commands/version.ts';
import { widgetSriCommand, WIDGET_SRI_HELP } from './commands/widget-sri.ts';
import { EXIT, type CliIo } from './cli-io.ts';
import { USAGE } from './usage.ts';

interface Command {
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: { help: SERVE_HELP, run: (_args, io) => serveCommand(io) },
  sandbox: { help: SANDBOX_HELP, run: sandboxCommand },
  demo: { help: DEMO_HELP, run: demoCommand },
  'check-config': { help: CHECK_CONFIG_HELP, run: checkConfigCommand },
  outbox: { help: OUTBOX_HELP, run: outboxCommand },
  'widget-sri': { help: WIDGET_SRI_HELP, run: widgetSriCommand },
  version: { help: VERSION_HELP, run: versionCommand },
};

/** Runs one command and resolves with its exit code; never throws for bad usage. */
export async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`gleantap-capture: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    // parseArgs rejects unknown options with a TypeError carrying a readable message.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`gleantap-capture ${name}: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** The process entry point: real environment, real signals. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  try {
    return await dispatch(argv, {
      env: process.env,
      cwd: process.cwd(),
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      stopSignal,
      onReload(listener) {
        // A listener also replaces Node's default for SIGHUP, which would end the process.
        process.on('SIGHUP', listener);
        return () => process.off('SIGHUP', listener);
      },
    });
  } catch (error) {
    process.stderr.write(`gleantap-capture: ${error instanceof Error ? error.message : 'unexpected failure'}\n`);
    return EXIT.failure;
  }
}
