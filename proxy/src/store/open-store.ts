import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createAdminQueries } from './admin-queries.ts';
import { createAdmitQueries } from './admit-queries.ts';
import { createDataDir, planDataDir, type UsableDataDir } from './data-dir.ts';
import { createDeliveryQueries } from './delivery-queries.ts';
import { createForgetQueries } from './forget-queries.ts';
import { createGaugeQueries } from './gauge-queries.ts';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.ts';
import { createNonceSweep } from './nonce-sweep.ts';
import type { Store, StoreQueries } from './store.ts';
import { storeErrorCode } from './store-error.ts';
import type { CommitHooks, StoreFaults } from './store-faults.ts';
import { createSweepQueries } from './sweep-queries.ts';
import { createSyncBarrier, type SyncBarrier } from './sync-barrier.ts';

/** The database file inside DATA_DIR. */
export const STORE_FILE = 'capture.db';
/** How long a statement waits for another connection's write lock (the CLI beside `serve`). */
const BUSY_TIMEOUT_MS = 5_000;

/** An open SQLite store: one connection in WAL mode with synchronous=FULL. */
export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  readonly db: Database.Database;
  readonly path: string;
  /** One synced write a turn for the delivery outcomes written without their own fsync. */
  readonly syncBarrier: SyncBarrier;
}

export interface OpenStoreOptions {
  readonly dataDir: string;
  /**
   * `serve` creates and migrates; `admin` (the outbox commands) opens an existing, current store
   * only; `read` opens an existing store of this or an earlier schema read-only (`outbox backup`).
   */
  readonly mode: 'serve' | 'admin' | 'read';
  /** Test-only fault injection (see store-faults.ts). */
  readonly faults?: StoreFaults;
}

/**
 * A failure names `setting: 'DATA_DIR'` when the setting itself cannot work (a pseudo
 * filesystem, a file in the way): a configuration problem, not a runtime one.
 */
export type OpenStoreResult = { readonly ok: true; readonly store: SqliteStore } | { readonly ok: false; readonly problem: string; readonly setting?: 'DATA_DIR' };

/** Opens (and for `serve` creates and migrates) the store in DATA_DIR; problems come back as data. */
export function openStore(options: OpenStoreOptions): OpenStoreResult {
  const path = join(options.dataDir, STORE_FILE);
  const plan = options.mode === 'serve' ? planDataDir(options.dataDir) : undefined;
  if (plan && !plan.ok) return { ok: false, problem: plan.problem, setting: 'DATA_DIR' };
  let db: Database.Database | undefined;
  try {
    if (plan) prepareFiles(plan, path);
    else if (!existsSync(path)) return { ok: false, problem: `no store at ${path} (is DATA_DIR right? serve creates it)` };
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true, readonly: options.mode === 'read' });
    // WAL lets the outbox commands read and write beside a running `serve`; FULL syncs the WAL
    // on every commit, so a lead answered 2xx survives a power cut, not just a crash.
    if (options.mode === 'serve' && db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
      db.close();
      return { ok: false, problem: `${path}: SQLite could not switch to WAL mode` };
    }
    if (options.mode !== 'read') db.pragma('synchronous = FULL');
    // Freed cells and pages are zeroed: without it, every rewrite of a row (a lead moving from
    // queued to delivered) leaves the old copy of its contact in the page's free space, where
    // `outbox forget` and retention cannot reach it.
    if (options.mode !== 'read') db.pragma('secure_delete = ON');
    // A checkpoint runs inside whichever commit crosses this many WAL pages and syncs the WAL and
    // the database there, on the event loop: ten times SQLite's default makes that ten times
    // rarer under load, for a WAL of up to about 40 MB.
    if (options.mode === 'serve') db.pragma('wal_autocheckpoint = 10000');
    const problem = options.mode === 'serve' ? migrate(db) : checkVersion(db, options.mode === 'read');
    if (problem !== undefined) {
      db.close();
      return { ok: false, problem: `${path}: ${problem}` };
    }
    if (options.mode === 'serve') tightenSidecars(path);
  } catch (error) {
    if (db?.open) db.close();
    return { ok: false, problem: `${path}: the store could not be opened (${storeErrorCode(error)})` };
  }
  options.faults?.attach(db);
  return { ok: true, store: createStore(db, path, options.faults?.commitHooks ?? {}) };
}

/** `older`: an earlier schema is fine too (a backup before an upgrade copies the store as it is). */
function checkVersion(db: Database.Database, older = false): string | undefined {
  const version = schemaVersion(db);
  if (version === SCHEMA_VERSION || (older && version >= 1 && version < SCHEMA_VERSION)) return undefined;
  if (version === 0) return 'not a gleantap-capture store (no schema)';
  return version > SCHEMA_VERSION
    ? `the store's schema is version ${version}, newer than this command understands (${SCHEMA_VERSION})`
    : `the store's schema is version ${version}; start serve once with this release to migrate it`;
}

/** DATA_DIR 0700 and the database 0600 before SQLite touches them; SQLite copies the mode to -wal/-shm. */
function prepareFiles(plan: UsableDataDir, path: string): void {
  createDataDir(plan, 0o700);
  if ((statSync(plan.path).mode & 0o077) !== 0) chmodSync(plan.path, 0o700);
  closeSync(openSync(path, 'a', 0o600));
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

function tightenSidecars(path: string): void {
  for (const sidecar of [`${path}-wal`, `${path}-shm`]) {
    if (existsSync(sidecar) && (statSync(sidecar).mode & 0o077) !== 0) chmodSync(sidecar, 0o600);
  }
}

function createStore(db: Database.Database, path: string, commitHooks: CommitHooks): SqliteStore {
  const syncBarrier = createSyncBarrier(db, commitHooks);
  const probe = db.prepare('INSERT INTO probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at');
  // Prepared on first use: `outbox backup` opens a store of an earlier schema read-only.
  let queries: StoreQueries | undefined;
  return {
    kind: 'sqlite',
    db,
    path,
    commitHooks,
    syncBarrier,
    sharedRateLimits: undefined,
    queries() {
      queries ??= {
        admit: createAdmitQueries(db, commitHooks, syncBarrier),
        deliveries: createDeliveryQueries(db, syncBarrier),
        sweeps: createSweepQueries(db),
        admin: createAdminQueries(db),
        gauges: createGaugeQueries(db),
        forget: createForgetQueries(db),
        nonces: createNonceSweep(db),
      };
      return queries;
    },
    async probeWrite(nowMs) {
      try {
        probe.run(nowMs);
        return { ok: true };
      } catch (error) {
        return { ok: false, code: storeErrorCode(error) };
      }
    },
    async close() {
      syncBarrier.close();
      if (db.open) db.close();
    },
  };
}
