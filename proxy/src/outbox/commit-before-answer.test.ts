import { expect, it, onTestFinished } from 'vitest';
import type { StoreFaults } from '../store/store-faults.ts';
import { post, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import { lead } from '../testing/outbox-fixtures.ts';
import { describeStores } from '../testing/test-postgres.ts';

/** Blocks the thread as a slow fsync inside COMMIT would. */
function slowFsync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describeStores('durable acceptance under load', (store) => {
  it('200 concurrent submissions against a slow-committing store: every 2xx comes after its own commit', async () => {
    const committed = new Set<string>();
    const batches: number[] = [];
    // Only the commit hooks: they run around the commit of either store.
    const faults: StoreFaults = {
      attach: () => undefined,
      commitHooks: {
        beforeCommit: () => slowFsync(20),
        afterCommit: (keys) => {
          for (const key of keys) committed.add(key.id);
          batches.push(keys.length);
        },
      },
    };
    const harness = await startHarness({ store, storeFaults: faults });
    onTestFinished(() => harness.close());

    const leads = Array.from({ length: 200 }, (_, index) => lead(`load-${index}`));
    const answers = await Promise.all(
      leads.map(async (body) => {
        const response = await post(harness.proxy.url, body);
        // Read the moment the answer arrives: its row must already be committed.
        const committedAtAnswer = committed.has(body.id);
        return { id: body.id, status: response.status, committedAtAnswer, body: await response.json() };
      }),
    );

    for (const answer of answers) {
      expect(answer.status === 201 || answer.status === 202, `${answer.status}`).toBe(true);
      expect(answer).toMatchObject({ committedAtAnswer: true, body: { id: answer.id } });
    }
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(leads.length);

    // What a crash right now would leave: another connection (the outbox command's) sees every answered row.
    const ids = new Set((await listOutbox(harness)).map((row) => row.id));
    expect(leads.filter((body) => !ids.has(body.id))).toEqual([]);
  });
});
