import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupStore } from '../../store/backup-store.ts';
import { SUBMISSION_STATES } from '../../store/rows.ts';
import { type CliIo, EXIT } from '../cli-io.ts';
import { openSqliteStoreToRead } from './outbox-store.ts';

/**
 * `outbox backup <file> [--force]`: a consistent copy of the store, taken with SQLite's online
 * backup on a read-only connection, so it is safe while serve writes. Prints where it wrote,
 * the rows by state and the schema version; never a visitor's data.
 */
export async function outboxBackup(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1 || positionals[0] === '') {
    io.err('gleantap-capture outbox backup: name one file to write, e.g. `outbox backup /backups/capture-2026-01-31.db`');
    return EXIT.usage;
  }
  const destination = resolve(io.cwd, positionals[0] as string);
  const store = openSqliteStoreToRead(io, 'outbox backup');
  if (typeof store === 'number') return store;
  if (destination === store.path) {
    await store.close();
    io.err('gleantap-capture outbox backup: the backup cannot be the store itself');
    return EXIT.usage;
  }
  let result;
  try {
    result = await backupStore(store.db, destination, { force: values.force });
  } finally {
    await store.close();
  }
  if (!result.ok) {
    io.err(`gleantap-capture outbox backup: ${result.problem}`);
    return result.reason === 'exists' ? EXIT.usage : EXIT.failure;
  }
  const { report } = result;
  io.out(`backup written: ${report.path} (${report.bytes} bytes, mode 0600)`);
  io.out(`integrity_check: ok`);
  io.out(`store schema version ${report.schemaVersion}`);
  io.out(`rows: ${SUBMISSION_STATES.map((state) => `${state} ${report.rows[state]}`).join(', ')}`);
  return EXIT.ok;
}
