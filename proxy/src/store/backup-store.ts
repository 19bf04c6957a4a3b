import { randomUUID } from 'node:crypto';
import { closeSync, linkSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { schemaVersion } from './migrations.ts';
import { SUBMISSION_STATES, type SubmissionState } from './rows.ts';
import { storeErrorCode } from './store-error.ts';

/** What a finished backup holds, as read back from the copy itself; no personal data. */
export interface BackupReport {
  readonly path: string;
  readonly bytes: number;
  readonly schemaVersion: number;
  readonly rows: Readonly<Record<SubmissionState, number>>;
}

export type BackupResult =
  | { readonly ok: true; readonly report: BackupReport }
  /** `exists`: the destination is there and `force` was not given; nothing was written. */
  | { readonly ok: false; readonly reason: 'exists' | 'failed'; readonly problem: string };

/** sqlite3_backup_step(-1)'s equivalent: copy every page in one step. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the store behind `source` to `destination` with SQLite's online backup API, safe
 * while `serve` writes. The copy is made in a 0600 temporary file beside the destination (it
 * holds visitors' personal data from its first byte), switched out of WAL so it is one
 * self-contained file, checked with `PRAGMA integrity_check`, and only then put in place: an
 * existing file is replaced only with `force`, and a failed backup leaves nothing behind.
 */
export async function backupStore(source: Database.Database, destination: string, options: { readonly force: boolean }): Promise<BackupResult> {
  if (!options.force && exists(destination)) return { ok: false, reason: 'exists', problem: `${destination} exists (pass --force to replace it)` };
  const temporary = join(dirname(destination), `.${basename(destination)}.${randomUUID()}.tmp`);
  try {
    closeSync(openSync(temporary, 'wx', 0o600));
  } catch (error) {
    return { ok: false, reason: 'failed', problem: `cannot write in ${dirname(destination)} (${storeErrorCode(error)})` };
  }
  try {
    // One step reads one snapshot: serve's commits in between steps would restart the copy,
    // and a busy proxy could keep restarting it for ever.
    await source.backup(temporary, { progress: () => ALL_PAGES });
    const verified = verifyCopy(temporary);
    if (!verified.ok) return fail(temporary, verified.problem);
    // link() refuses an existing name atomically, so a file created meanwhile is never overwritten.
    if (options.force) renameSync(temporary, destination);
    else {
      linkSync(temporary, destination);
      unlinkSync(temporary);
    }
    return { ok: true, report: { ...verified.report, path: destination, bytes: statSync(destination).size } };
  } catch (error) {
    const code = storeErrorCode(error);
    if (code === 'EEXIST') {
      removeQuietly(temporary);
      return { ok: false, reason: 'exists', problem: `${destination} exists (pass --force to replace it)` };
    }
    return fail(temporary, `the backup could not be written (${code})`);
  }
}

type Verified = { readonly ok: true; readonly report: Omit<BackupReport, 'path' | 'bytes'> } | { readonly ok: false; readonly problem: string };

/** Makes the copy a single rollback-journal file and reads back what it holds. */
function verifyCopy(path: string): Verified {
  const copy = new Database(path, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, problem: `the copy failed PRAGMA integrity_check (${String(integrity)})` };
    const rows = Object.fromEntries(SUBMISSION_STATES.map((state) => [state, 0])) as Record<SubmissionState, number>;
    for (const { state, count } of copy.prepare<[], { state: SubmissionState; count: number }>('SELECT state, COUNT(*) AS count FROM submissions GROUP BY state').all()) rows[state] = count;
    return { ok: true, report: { schemaVersion: schemaVersion(copy), rows } };
  } finally {
    copy.close();
  }
}

function fail(temporary: string, problem: string): BackupResult {
  removeQuietly(temporary);
  return { ok: false, reason: 'failed', problem };
}

function removeQuietly(path: string): void {
  for (const file of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) {
    try {
      unlinkSync(file);
    } catch {
      // Already gone, or never created.
    }
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
