import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  // Named before the await: tests that start together must not share a name.
  const name = `h${databases}_${process.pid}`;
  return (await testPostgres()).createDatabase(name);
}

/** Where a proxy keeps its leads, for proxies started one after another on the same store. */
export interface StoreLocation {
  readonly dataDir: string;
  /** A fresh database of its own (postgres), undefined for SQLite in dataDir. */
  readonly databaseUrl: string | undefined;
}

/** A fresh DATA_DIR and, for `postgres`, a fresh database: what restarts share. */
export async function freshStoreLocation(store: StoreKind): Promise<StoreLocation> {
  return { dataDir: mkdtempSync(join(tmpdir(), 'gc-data-')), databaseUrl: store === 'postgres' ? await testDatabaseUrl() : undefined };
}

/** `describe.each` over both stores, the cluster stopped after the file. */
export function describeStores(title: string, body: (store: StoreKind) => void): void {
  usePostgresCluster();
  describe.each(STORE_KINDS)(`${title} (%s store)`, body);
}
