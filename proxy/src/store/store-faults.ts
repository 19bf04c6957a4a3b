import type { Database } from 'better-sqlite3';
import type { RowKey } from './rows.ts';

/**
 * Called around the commit of each batch of admissions with the keys of the rows it inserts:
 * `beforeCommit` inside the open transaction (a test can slow the commit there, as a slow fsync
 * would), `afterCommit` once the rows are durable.
 */
export interface CommitHooks {
  readonly beforeCommit?: (keys: readonly RowKey[]) => void;
  readonly afterCommit?: (keys: readonly RowKey[]) => void;
  /** Around the sync that makes a turn's delivery outcomes durable (sync-barrier.ts). */
  readonly beforeSync?: () => void;
  readonly afterSync?: () => void;
}

/** Receives the connection `openStore` opened, so a test can inject faults into it. */
export interface StoreFaults {
  attach(db: Database): void;
  /** Test-only hooks around the admissions' commits (see admit-queries.ts). */
  readonly commitHooks?: CommitHooks;
}

/** A test-only switch that makes the store refuse every write. */
export interface StoreFaultSwitch extends StoreFaults {
  /** true: every write fails as on a read-only disk; false: writes work again. */
  refuseWrites(refuse: boolean): void;
}

/**
 * Tests run as root, and root writes through `chmod 0500`. Instead this asks SQLite itself to
 * refuse writes on the proxy's own connection (`PRAGMA query_only`): every INSERT, UPDATE and
 * BEGIN IMMEDIATE then fails inside SQLite with `SQLITE_READONLY`, the same error a read-only
 * mount gives, so the proxy's real error paths run. Only `startProxy`'s options reach it;
 * nothing in config or HTTP can.
 */
export function createStoreFaultSwitch(): StoreFaultSwitch {
  let attached: Database | undefined;
  let refusing = false;
  const apply = (): void => {
    if (attached?.open) attached.pragma(`query_only = ${refusing ? 'ON' : 'OFF'}`);
  };
  return {
    attach(db) {
      attached = db;
      apply();
    },
    refuseWrites(refuse) {
      refusing = refuse;
      apply();
    },
  };
}
