import { afterAll, describe } from 'vitest';
import { type PostgresServer, startPostgres } from './postgres-server.ts';

/** The two stores every outbox behaviour is tested on. */
export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

// One cluster per test file, started by its first PostgreSQL test: vitest evaluates this module
// afresh for each file (isolate), so the state below never crosses files.
let cluster: Promise<PostgresServer> | undefined;
let registered = false;
let databases = 0;

/**
 * Registers, once per test file, the stop of the file's cluster after its tests. Call it at the
 * top level of a file (describeStores does) before any test asks for a database.
 */
export function usePostgresCluster(): void {
  if (registered) return;
  registered = true;
  afterAll(async () => {
    const started = cluster;
    cluster = undefined;
    if (started) await (await started).stop();
  }, 60_000);
}

/** The file's cluster, started on first use (usePostgresCluster must have been called). */
export function testPostgres(): Promise<PostgresServer> {
  if (!registered) throw new Error('call usePostgresCluster() (or describeStores) at the top of the test file: it stops the cluster afterwards');
  cluster ??= startPostgres();
  return cluster;
}

/** An empty database of its own on the file's cluster: one per proxy keeps tests apart. */
export async function testDatabaseUrl(): Promise<string> {
  databases += 1;
  return (await testPostgres()).createDatabase(`h${databases}_${process.pid}`);
}

/** `describe.each` over both stores, the cluster stopped after the file. */
export function describeStores(title: string, body: (store: StoreKind) => void): void {
  usePostgresCluster();
  describe.each(STORE_KINDS)(`${title} (%s store)`, body);
}
