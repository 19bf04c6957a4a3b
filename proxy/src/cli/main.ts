import { type CliIo, EXIT } from './cli-io.ts';
import { USAGE } from './usage.ts';

interface Command {
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

// Each command's module (and the dependencies only it needs: Express, SQLite, undici…) is
// imported when that command runs, so `--help` and quick commands start in a fraction of the
// time it takes to load everything.
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => {
    const { serveCommand, SERVE_HELP } = await import('./commands/serve.ts');
    return { help: SERVE_HELP, run: (_args, io) => serveCommand(io) };
  },
  sandbox: async () => {
    const { sandboxCommand, SANDBOX_HELP } = await import('./commands/sandbox.ts');
    return { help: SANDBOX_HELP, run: sandboxCommand };
  },
  demo: async () => {
    const { demoCommand, DEMO_HELP } = await import('./commands/demo.ts');
    return { help: DEMO_HELP, run: demoCommand };
  },
  'check-config': async () => {
    const { checkConfigCommand, CHECK_CONFIG_HELP } = await import('./commands/check-config.ts');
    return { help: CHECK_CONFIG_HELP, run: checkConfigCommand };
  },
  outbox: async () => {
    const { outboxCommand, OUTBOX_HELP } = await import('./commands/outbox.ts');
    return { help: OUTBOX_HELP, run: outboxCommand };
  },
  'widget-sri': async () => {
    const { widgetSriCommand, WIDGET_SRI_HELP } = await import('./commands/widget-sri.ts');
    return { help: WIDGET_SRI_HELP, run: widgetSriCommand };
  },
  version: async () => {
    const { versionCommand, VERSION_HELP } = await import('./commands/version.ts');
    return { help: VERSION_HELP, run: versionCommand };
  },
};

/** Runs one command and resolves with its exit code; never throws for bad usage. */
export async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.err(`gleantap-capture: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  const command = await load();
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
