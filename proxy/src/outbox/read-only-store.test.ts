import pg from 'pg';
import { expect, it, onTestFinished } from 'vitest';
import { createStoreFaultSwitch } from '../store/store-faults.ts';
import { type Harness, post, startHarness } from '../testing/harness.ts';
import { listOutbox } from '../testing/outbox-cli.ts';
import { contactsById, lead } from '../testing/outbox-fixtures.ts';
import { describeStores, type StoreKind } from '../testing/test-postgres.ts';
import { waitFor } from '../testing/wait-for.ts';

const readyz = async (url: string): Promise<number> => (await fetch(`${url}/readyz`)).status;

/** A store that refuses every write, and the error code the proxy then logs. */
interface ReadOnly {
  readonly harness: Harness;
  readonly code: string;
  refuseWrites(refuse: boolean): Promise<void>;
}

/**
 * SQLite: tests run as root, which writes through any chmod; the switch makes SQLite itself
 * refuse writes on the proxy's connection (SQLITE_READONLY), as a read-only mount would.
 * PostgreSQL: the database turns read-only for new sessions and the proxy's sessions are ended,
 * so its pool reconnects into read-only transactions (PG_READ_ONLY), as after a fail-over onto
 * a standby; turning it back ends them again.
 */
async function readOnlyStore(store: StoreKind): Promise<ReadOnly> {
  if (store === 'sqlite') {
    const faults = createStoreFaultSwitch();
    const harness = await startHarness({ store, storeFaults: faults });
    return { harness, code: 'SQLITE_READONLY', refuseWrites: async (refuse) => faults.refuseWrites(refuse) };
  }
  const harness = await startHarness({ store });
  const admin = new pg.Pool({ connectionString: harness.databaseUrl, max: 1 });
  onTestFinished(() => admin.end());
  return {
    harness,
    code: 'PG_READ_ONLY',
    async refuseWrites(refuse) {
      const database = (await admin.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ?? '';
      await admin.query(`ALTER DATABASE ${database} SET default_transaction_read_only = ${refuse ? 'on' : 'off'}`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    },
  };
}

describeStores('a store that cannot write', (store) => {
  it('answers 503 unavailable and not ready, accepts nothing, and recovers without a restart', async () => {
    const { harness, code, refuseWrites } = await readOnlyStore(store);
    onTestFinished(() => harness.close());
    expect(await readyz(harness.proxy.url)).toBe(200);

    await refuseWrites(true);
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
    expect(await listOutbox(harness)).toEqual([]);
    expect((await harness.proxy.metrics()).accepted).toBe(0);
    const notReady = harness.logs.filter((line) => line.includes('store cannot write'));
    expect(notReady).toHaveLength(1);
    expect(notReady[0]).toContain(code);

    await refuseWrites(false);
    await waitFor('/readyz to recover', async () => (await readyz(harness.proxy.url)) === 200);
    // The visitor's retry with the same id now goes through.
    const retry = await post(harness.proxy.url, refused[0]);
    expect(retry.status).toBe(201);
    expect(contactsById(await harness.contacts()).get(refused[0]?.id ?? '')).toBe(1);
    expect(harness.logs.some((line) => line.includes('store accepts writes again'))).toBe(true);
  });
});
