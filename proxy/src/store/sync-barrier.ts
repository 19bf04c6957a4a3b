import { closeSync, fdatasync, openSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { CommitHooks } from './store-faults.ts';

/**
 * Group sync off the event loop. With synchronous=FULL every commit paid an fsync of the WAL on
 * the event loop, which stood still meanwhile: the admissions' batch and every delivery outcome
 * (`delivered`, `contactDone`) one each — under load most of `serve`'s time, and more on a busy
 * disk. Written `relaxed`, such a commit writes its WAL frames without syncing them
 * (synchronous=NORMAL: the commit survives a crash of the process, not yet a power cut); then
 * one `fdatasync` of the WAL file on libuv's thread pool makes every frame written before it
 * durable at once, while the loop serves other requests. Whoever must not act before a write is
 * on disk (every 2xx) awaits `synced()`. Writes that guard a call (`optinSending`), the worker's
 * and the outbox commands' stay fully synced on their own.
 */
export interface SyncBarrier {
  /** Runs `write` (autocommit statements or one transaction) without an fsync of its own, and schedules the sync. */
  relaxed<T>(write: () => T): T;
  /**
   * Resolves once every write made so far is on disk (at once when nothing is pending); rejects
   * with the error when that sync failed.
   */
  synced(): Promise<void>;
  /** Closes the WAL file (with the store). */
  close(): void;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** `fdatasync` of the WAL file on the thread pool; opened once (its inode stays while our connection is open). */
function walSyncer(path: string): { sync(): Promise<void>; close(): void } {
  let fd: number | undefined;
  const sync = (): Promise<void> =>
    new Promise((resolve, reject) => {
      try {
        // The first relaxed write created the WAL if it was not there yet.
        fd ??= openSync(path, 'r');
      } catch (error) {
        reject(error);
        return;
      }
      fdatasync(fd, (error) => (error ? reject(error) : resolve()));
    });
  const close = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return { sync, close };
}

/** Prepares the barrier on a store's connection (WAL, synchronous=FULL); `hooks` are for tests only. */
export function createSyncBarrier(db: Database, hooks: CommitHooks = {}): SyncBarrier {
  const wal = walSyncer(`${db.name}-wal`);
  const normal = db.prepare('PRAGMA synchronous = NORMAL');
  const full = db.prepare('PRAGMA synchronous = FULL');
  // Relaxed writes no sync has started for yet, and who waits for them.
  let dirty = false;
  let waiters: Waiter[] = [];
  // The sync in flight: it covers every write made before it started. One at a time, so the
  // writes of a slow sync's duration all share the next one (the slower the disk, the bigger).
  let inFlight: Promise<void> | undefined;
  let scheduled = false;

  const start = (): void => {
    scheduled = false;
    if (inFlight !== undefined || !dirty) return;
    dirty = false;
    const batch = waiters;
    waiters = [];
    const sync = (async () => {
      hooks.beforeSync?.();
      await wal.sync();
      hooks.afterSync?.();
    })();
    inFlight = sync;
    sync.then(
      () => {
        for (const waiter of batch) waiter.resolve();
      },
      (error: unknown) => {
        for (const waiter of batch) waiter.reject(error);
      },
    );
    void sync
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined;
        if (dirty) schedule();
      });
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    // End of the turn: every write of this turn shares the sync.
    setImmediate(start);
  };

  return {
    relaxed(write) {
      normal.run();
      try {
        return write();
      } finally {
        full.run();
        dirty = true;
        if (inFlight === undefined) schedule();
      }
    },
    synced() {
      if (dirty) return new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      return inFlight ?? Promise.resolve();
    },
    close: () => wal.close(),
  };
}
