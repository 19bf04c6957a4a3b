import { resolve } from 'node:path';
import { parseEnv } from '../../config/parse-env.ts';
import { openStore, type Store } from '../../store/open-store.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { printProblems } from '../print-problems.ts';

/**
 * Opens the store `serve` uses, for an `outbox` command: only DATA_DIR is read (so the commands
 * work in a shell without the Gleantap keys), and the store must already exist at the current
 * schema version. Returns the store, or the exit code after saying what is wrong.
 */
export function openOutboxStore(io: CliIo, command: string, mode: 'admin' | 'read' = 'admin'): Store | number {
  const parsed = parseEnv(io.env);
  const problems = parsed.problems.filter((problem) => problem.path === 'DATA_DIR');
  if (problems.length > 0) {
    printProblems(io, problems);
    return EXIT.usage;
  }
  const opened = openStore({ dataDir: resolve(io.cwd, parsed.env.DATA_DIR), mode });
  if (!opened.ok) {
    io.err(`gleantap-capture ${command}: ${opened.problem}`);
    return EXIT.failure;
  }
  return opened.store;
}

/** Runs `work` on the store and always closes it. */
export function withOutboxStore(io: CliIo, command: string, work: (store: Store) => number): number {
  const store = openOutboxStore(io, command);
  if (typeof store === 'number') return store;
  try {
    return work(store);
  } finally {
    store.close();
  }
}
