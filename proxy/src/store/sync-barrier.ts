import { close, fdatasync, open } from 'node:fs';
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
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** `fdatasync` of one file, opened for it (the WAL's inode stays while our connection is open). */
function syncFile(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      fdatasync(fd, (syncError) => close(fd, () => (syncError ? reject(syncError) : resolve())));
    });
  });
}

/** Prepares the barrier on a store's connection (WAL, synchronous=FULL); `hooks` are for tests only. */
export function createSyncBarrier(db: Database, hooks: CommitHooks = {}): SyncBarrier {
  const wal = `${db.name}-wal`;
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
      await syncFile(wal);
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
  };
}
