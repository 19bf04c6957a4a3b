import { expect, it, onTestFinished } from 'vitest';
import { post, startHarness } from '../testing/harness.ts';
import { runOutbox, type StoreLocation } from '../testing/outbox-cli.ts';
import { formsWithOutbox, lead } from '../testing/outbox-fixtures.ts';
import { describeStores } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const DAY = 86_400_000;

interface Exported {
  id: string;
  state: string;
  attempts: number;
  deliveredAt: string | null;
  erasedAt: string | null;
  contact: Record<string, unknown> | null;
}

async function exportDelivered(location: StoreLocation): Promise<Map<string, Exported>> {
  const result = await runOutbox(location, 'export', '--state', 'delivered', '--format', 'json');
  if (result.code !== 0) throw new Error(result.stderr);
  return new Map((JSON.parse(result.stdout) as Exported[]).map((row) => [row.id, row]));
}

describeStores('retention', (store) => {
  it('erases the personal data of delivered leads after the period and keeps ids, outcomes and times', async () => {
    // Real time plus an offset the test moves forward: nothing sleeps through 30 days.
    let offset = 0;
    const harness = await startHarness({ store, formsFile: formsWithOutbox({ retainDelivered: '30d' }), now: () => new Date(Date.now() + offset) });
    onTestFinished(() => harness.close());
    const old = lead('retention-old');
    expect((await post(harness.proxy.url, old)).status).toBe(201);

    offset += 29 * DAY;
    const recent = lead('retention-recent');
    expect((await post(harness.proxy.url, recent)).status).toBe(201);
    const before = await exportDelivered(harness);
    expect(before.get(old.id)?.contact).toMatchObject({ email: old.fields['email'], first_name: old.fields['first_name'] });

    offset += 1 * DAY + 60_000;
    const after = await waitFor('the old lead erased', async () => {
      const rows = await exportDelivered(harness);
      return rows.get(old.id)?.erasedAt ? rows : undefined;
    });
    expect(after.get(old.id)).toMatchObject({ id: old.id, state: 'delivered', attempts: 1, contact: null, deliveredAt: before.get(old.id)?.deliveredAt });
    // One day old: kept whole.
    expect(after.get(recent.id)).toMatchObject({ erasedAt: null, contact: expect.objectContaining({ email: recent.fields['email'] }) });
    // The id is still known: a replay is answered as before, and nothing is sent again.
    const replay = await post(harness.proxy.url, old);
    expect(replay.status).toBe(201);
    expect((await harness.calls()).filter((call) => (call['body'] as Record<string, unknown>)['capture_submission_id'] === old.id)).toHaveLength(1);
    expect(harness.logs.join('\n')).not.toContain(old.fields['email']);
  });
});
