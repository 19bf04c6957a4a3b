import { describe, expect, it, onTestFinished } from 'vitest';
import { createStoreFaultSwitch } from '../store/store-faults.ts';
import { post, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import { contactsById, lead } from '../testing/outbox-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';

const readyz = async (url: string): Promise<number> => (await fetch(`${url}/readyz`)).status;

// Tests run as root, which writes through any chmod; the switch makes SQLite itself refuse
// writes on the proxy's connection (SQLITE_READONLY), as a read-only mount would.
describe('a store that cannot write', () => {
  it('answers 503 unavailable and not ready, accepts nothing, and recovers without a restart', async () => {
    const faults = createStoreFaultSwitch();
    const harness = await startHarness({ storeFaults: faults });
    onTestFinished(() => harness.close());
    expect(await readyz(harness.proxy.url)).toBe(200);

    faults.refuseWrites(true);
    await waitFor('/readyz to fail', async () => (await readyz(harness.proxy.url)) === 503);
    expect(await (await fetch(`${harness.proxy.url}/readyz`)).json()).toEqual({ status: 'not_ready' });
    const refused = Array.from({ length: 5 }, (_, index) => lead(`ro-${index}`));
    for (const body of refused) {
      const response = await post(harness.proxy.url, body);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    }
    // Nothing was claimed: no row, no call to Gleantap.
    expect(await harness.calls()).toEqual([]);
    expect(await listOutbox(harness.dataDir)).toEqual([]);
    expect((await harness.proxy.metrics()).accepted).toBe(0);
    const notReady = harness.logs.filter((line) => line.includes('store cannot write'));
    expect(notReady).toHaveLength(1);
    expect(notReady[0]).toContain('SQLITE_READONLY');

    faults.refuseWrites(false);
    await waitFor('/readyz to recover', async () => (await readyz(harness.proxy.url)) === 200);
    // The visitor's retry with the same id now goes through.
    const retry = await post(harness.proxy.url, refused[0]);
    expect(retry.status).toBe(201);
    expect(contactsById(await harness.contacts()).get(refused[0]?.id ?? '')).toBe(1);
    expect(harness.logs.some((line) => line.includes('store accepts writes again'))).toBe(true);
  });
});
