import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { post, startHarness, tempDataDir } from '../testing/harness.ts';
import { lead } from '../testing/outbox-fixtures.ts';
import { openStore, STORE_FILE } from './open-store.ts';
import type { CommitHooks, StoreFaults } from './store-faults.ts';
import { createSyncBarrier } from './sync-barrier.ts';

function openBarrier(hooks: CommitHooks) {
  const opened = openStore({ dataDir: tempDataDir(), mode: 'serve' });
  if (!opened.ok) throw new Error(opened.problem);
  onTestFinished(() => opened.store.close());
  const { db } = opened.store;
  const touch = db.prepare('INSERT INTO probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at');
  return { db, barrier: createSyncBarrier(db, hooks), touch };
}

describe('sync barrier', () => {
  it('a relaxed write is answered only after the sync that covers it; the connection is fully synced again', async () => {
    const events: string[] = [];
    const { db, barrier, touch } = openBarrier({ beforeSync: () => events.push('sync started'), afterSync: () => events.push('synced') });
    expect(await barrier.synced().then(() => 'nothing pending')).toBe('nothing pending');

    barrier.relaxed(() => touch.run(1));
    barrier.relaxed(() => touch.run(2));
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL for every other write
    await Promise.all([barrier.synced().then(() => events.push('first answered')), barrier.synced().then(() => events.push('second answered'))]);

    // Both writes of the turn shared one sync.
    expect(events).toEqual(['sync started', 'synced', 'first answered', 'second answered']);
  });

  it('a write made while a sync runs waits for the next one', async () => {
    const syncs: string[] = [];
    const { barrier, touch } = openBarrier({ afterSync: () => syncs.push('synced') });
    barrier.relaxed(() => touch.run(1));
    const first = barrier.synced().then(() => syncs.length);
    await new Promise((resolve) => setImmediate(resolve)); // the first sync has started
    barrier.relaxed(() => touch.run(2));
    const second = barrier.synced().then(() => syncs.length);
    expect(await Promise.all([first, second])).toEqual([1, 2]);
  });

  it('a failed sync fails those waiting for it', async () => {
    const { barrier, touch } = openBarrier({
      beforeSync: () => {
        throw new Error('disk I/O error');
      },
    });
    barrier.relaxed(() => touch.run(1));
    await expect(barrier.synced()).rejects.toThrow('disk I/O error');
  });
});

describe('durable answers through HTTP', () => {
  it('every 201 comes after the sync of its row and of its delivered outcome', async () => {
    // At the start of each sync: the rows and the delivered outcomes it covers; at its end, synced.
    let reader: Database.Database | undefined;
    let covering: { rows: string[]; delivered: string[] } = { rows: [], delivered: [] };
    const syncedRows = new Set<string>();
    const syncedDelivered = new Set<string>();
    const ids = (sql: string): string[] => (reader?.prepare<[], { id: string }>(sql).all() ?? []).map((row) => row.id);
    const faults: StoreFaults = {
      attach: () => undefined,
      commitHooks: {
        beforeSync: () => {
          covering = { rows: ids('SELECT id FROM submissions'), delivered: ids("SELECT id FROM submissions WHERE state = 'delivered'") };
        },
        afterSync: () => {
          for (const id of covering.rows) syncedRows.add(id);
          for (const id of covering.delivered) syncedDelivered.add(id);
        },
      },
    };
    const harness = await startHarness({ storeFaults: faults });
    onTestFinished(() => harness.close());
    reader = new Database(join(harness.dataDir, STORE_FILE), { readonly: true });
    onTestFinished(() => {
      reader?.close();
    });

    const leads = Array.from({ length: 60 }, (_, index) => lead(`sync-${index}`));
    const answers = await Promise.all(
      leads.map(async (body) => {
        const response = await post(harness.proxy.url, body);
        const onDisk = { row: syncedRows.has(body.id), delivered: syncedDelivered.has(body.id) };
        return { id: body.id, status: response.status, onDisk };
      }),
    );

    expect(answers.filter((answer) => answer.status === 201).length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.status === 201 || answer.status === 202, `${answer.status}`).toBe(true);
      expect(answer.onDisk.row, answer.id).toBe(true);
      if (answer.status === 201) expect(answer.onDisk.delivered, answer.id).toBe(true);
    }
  });
});
