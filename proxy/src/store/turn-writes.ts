import type { Database } from 'better-sqlite3';

/** Runs a write now, inside the turn's transaction; returns what the write returns. */
export type TurnWrite = <T>(write: () => T) => Promise<T>;

interface Queued {
  /** Runs the write inside the transaction and keeps its result. */
  run(): void;
  /** After the commit: resolves with the kept result. */
  settle(): void;
  fail(error: unknown): void;
}

/**
 * Writes asked for in one turn of the event loop, committed together at its end in one
 * IMMEDIATE transaction (through `commit`, e.g. the sync barrier's relaxed commit): under load
 * the delivery outcomes of many leads arrive in the same turn, and one commit writes their
 * shared pages to the WAL once instead of once each. Each promise settles after the commit; a
 * transaction that fails rejects every write in it (nothing of it is stored).
 */
export function turnWrites(db: Database, commit: <T>(write: () => T) => T): TurnWrite {
  let queued: Queued[] = [];
  const runAll = db.transaction((batch: readonly Queued[]) => {
    for (const entry of batch) entry.run();
  });
  const flush = (): void => {
    const batch = queued;
    queued = [];
    try {
      commit(() => runAll.immediate(batch));
    } catch (error) {
      for (const entry of batch) entry.fail(error);
      return;
    }
    for (const entry of batch) entry.settle();
  };
  return <T>(write: () => T) =>
    new Promise<T>((resolve, reject) => {
      let result: T;
      queued.push({
        run: () => {
          result = write();
        },
        settle: () => resolve(result),
        fail: reject,
      });
      if (queued.length === 1) setImmediate(flush);
    });
}
