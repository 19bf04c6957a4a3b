import { resolve } from 'node:path';
import { parseEnv } from '../../config/parse-env.ts';
import { openConfiguredStore } from '../../store/open-configured-store.ts';
import { openStore, type SqliteStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { printProblems } from '../print-problems.ts';

/** The settings that select the store: an `outbox` command reads these and nothing else. */
const STORE_SETTINGS: ReadonlySet<string> = new Set(['DATA_DIR', 'DATABASE_URL']);

/** DATA_DIR and DATABASE_URL as `serve` reads them, or the exit code after saying what is wrong. */
function storeSettings(io: CliIo): { readonly dataDir: string; readonly databaseUrl: string | undefined } | number {
  const parsed = parseEnv(io.env);
  const problems = parsed.problems.filter((problem) => STORE_SETTINGS.has(problem.path));
  if (problems.length > 0) {
    printProblems(io, problems);
    return EXIT.usage;
  }
  return { dataDir: resolve(io.cwd, parsed.env.DATA_DIR), databaseUrl: parsed.env.DATABASE_URL };
}

/**
 * Opens the store `serve` uses, for an `outbox` command: only DATA_DIR and DATABASE_URL are read
 * (so the commands work in a shell without the Gleantap keys), and the store must already exist
 * at the current schema version. Returns the store, or the exit code after saying what is wrong.
 */
export async function openOutboxStore(io: CliIo, command: string): Promise<Store | number> {
  const settings = storeSettings(io);
  if (typeof settings === 'number') return settings;
  const opened = await openConfiguredStore({ ...settings, mode: 'admin', applicationName: `gleantap-capture/${command.replace(/\s+/g, '-')}` });
  if (!opened.ok) {
    io.err(`gleantap-capture ${command}: ${opened.problem}`);
    return EXIT.failure;
  }
  return opened.store;
}

/**
 * The SQLite store in DATA_DIR read-only, of this or an earlier schema (`outbox backup`). With
 * DATABASE_URL set the leads are in PostgreSQL, which its own tools back up: said, exit usage.
 */
export function openSqliteStoreToRead(io: CliIo, command: string): SqliteStore | number {
  const settings = storeSettings(io);
  if (typeof settings === 'number') return settings;
  if (settings.databaseUrl !== undefined) {
    io.err(`gleantap-capture ${command}: DATABASE_URL is set, so the leads are in PostgreSQL: back it up with pg_dump (docs/operations.md); this command copies the SQLite store in DATA_DIR`);
    return EXIT.usage;
  }
  const opened = openStore({ dataDir: settings.dataDir, mode: 'read' });
  if (!opened.ok) {
    io.err(`gleantap-capture ${command}: ${opened.problem}`);
    return EXIT.failure;
  }
  return opened.store;
}

/** Runs `work` on the store and always closes it. */
export async function withOutboxStore(io: CliIo, command: string, work: (store: Store) => Promise<number>): Promise<number> {
  const store = await openOutboxStore(io, command);
  if (typeof store === 'number') return store;
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
