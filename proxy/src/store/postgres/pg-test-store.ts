import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { type PostgresServer, startPostgres } from '../../testing/postgres-server.ts';
import type { AdmitInput } from '../admit-queries.ts';
import { openPgStore, type PgStore } from './open-pg-store.ts';

/**
 * Test-only: one PostgreSQL cluster for the calling test file (started before its tests,
 * removed after), and `freshStore()` opening a migrated store on a database of its own per test.
 */
export function usePostgres(): { server: () => PostgresServer; freshStore: (options?: { maxConnections?: number }) => Promise<PgStore & { url: string }> } {
  let server: PostgresServer | undefined;
  let databases = 0;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => server?.stop());
  const running = (): PostgresServer => {
    if (!server) throw new Error('usePostgres: the cluster has not started');
    return server;
  };
  return {
    server: running,
    async freshStore(options = {}) {
      databases += 1;
      const url = await running().createDatabase(`t${databases}_${process.pid}`);
      const opened = await openPgStore({ databaseUrl: url, mode: 'serve', ...options });
      if (!opened.ok) throw new Error(opened.problem);
      onTestFinished(() => opened.store.close());
      return Object.assign(opened.store, { url });
    },
  };
}

/** An admission as the acceptor makes it, with fixed times. */
export function admission(id: string, overrides: Partial<AdmitInput> = {}): AdmitInput {
  return {
    key: { formId: 'default', id },
    fingerprint: `fp-${id}`,
    contact: { app_id: 'app', first_name: 'Ada', last_name: 'Lovelace', email: `${id}@example.com` } as AdmitInput['contact'],
    optin: undefined,
    apiKeyEnv: 'GLEANTAP_API_KEY',
    secretKeyEnv: 'GLEANTAP_SECRET_KEY',
    start: 'attempt',
    nowMs: 1_000,
    owner: 'owner-1',
    leaseUntil: 10_000,
    answerDueUntil: 5_000,
    nextAttemptAt: 1_000,
    token: { nonce: `nonce-${id}`, issuedAt: 500 },
    ...overrides,
  };
}
