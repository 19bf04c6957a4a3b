import pg from 'pg';
import type { Store, StoreQueries } from '../store.ts';
import type { CommitHooks } from '../store-faults.ts';
import { createPgAdminQueries } from './pg-admin-queries.ts';
import { createPgAdmitQueries } from './pg-admit-queries.ts';
import { createPgDeliveryQueries } from './pg-delivery-queries.ts';
import { pgErrorCode } from './pg-error.ts';
import { createPgForgetQueries } from './pg-forget-queries.ts';
import { createPgGaugeQueries } from './pg-gauge-queries.ts';
import { migratePg, PG_SCHEMA_VERSION, pgSchemaVersion } from './pg-migrations.ts';
import { createPgNonceSweep } from './pg-nonce-sweep.ts';
import { createPgRateLimitStores } from './pg-rate-limit-store.ts';
import { createPgSweepQueries } from './pg-sweep-queries.ts';
import { storeTypes } from './pg-types.ts';

/** Connections per instance: enough for the inline attempts and the worker, bounded for the server. */
const DEFAULT_MAX_CONNECTIONS = 10;
/** No statement of ours runs longer: past this the server cancels it and the caller answers 503. */
const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;
/** Waiting for a connection (a new one, or a free one of the pool) fails after this. */
const CONNECT_TIMEOUT_MS = 5_000;
/** A transaction left open (a process stopped mid-way) gives its row locks back after this. */
const IDLE_IN_TRANSACTION_MS = 30_000;

/** The shared store: a bounded pool on DATABASE_URL, with the same duties as SQLite's. */
export interface PgStore extends Store {
  readonly kind: 'postgres';
  readonly pool: pg.Pool;
}

export interface OpenPgStoreOptions {
  /** DATABASE_URL: a secret. It never appears in a problem, a log line or an error code. */
  readonly databaseUrl: string;
  /** `serve` migrates (under the advisory lock); `admin` (the outbox commands) needs a current schema. */
  readonly mode: 'serve' | 'admin';
  /** Shown in pg_stat_activity, so a DBA can tell the instances apart. */
  readonly applicationName?: string;
  readonly maxConnections?: number;
  readonly statementTimeoutMs?: number;
  readonly commitHooks?: CommitHooks;
  /** Told each idle connection's failure (PostgreSQL restarted …) as a code; the pool replaces it. */
  readonly onIdleError?: (code: string) => void;
}

export type OpenPgStoreResult = { readonly ok: true; readonly store: PgStore } | { readonly ok: false; readonly problem: string; readonly code?: string };

/**
 * Opens the pool and, for `serve`, migrates. Problems come back as data, naming DATABASE_URL but
 * never its value (the URL holds the password): a URL pg cannot read is refused before pg sees
 * it, since its parser's errors quote the input.
 */
export async function openPgStore(options: OpenPgStoreOptions): Promise<OpenPgStoreResult> {
  if (!isPostgresUrl(options.databaseUrl)) return { ok: false, problem: 'DATABASE_URL: not a postgres:// or postgresql:// URL' };
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      application_name: options.applicationName ?? 'gleantap-capture',
      statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      // The server cannot cancel a statement it never hears of (a dead network): the client
      // gives up a little later than the server would.
      query_timeout: (options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS) + 1_000,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      types: storeTypes(),
    });
  } catch {
    return { ok: false, problem: 'DATABASE_URL: the URL could not be read' };
  }
  // Without a listener an idle connection's failure (PostgreSQL restarting) would crash the
  // process; the pool drops that connection and opens a new one when next asked.
  pool.on('error', (error) => options.onIdleError?.(pgErrorCode(error)));
  try {
    if (options.mode === 'serve') {
      const migrated = await migratePg(pool);
      if (!migrated.ok) {
        await pool.end();
        return { ok: false, problem: `DATABASE_URL: ${migrated.problem}` };
      }
    } else {
      const version = await pgSchemaVersion(pool);
      if (version !== PG_SCHEMA_VERSION) {
        await pool.end();
        return {
          ok: false,
          problem:
            version === 0
              ? 'DATABASE_URL: not a gleantap-capture database (no schema); serve creates it'
              : `DATABASE_URL: the database's schema is version ${version}, this command understands ${PG_SCHEMA_VERSION}`,
        };
      }
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    const code = pgErrorCode(error);
    return { ok: false, problem: `DATABASE_URL: PostgreSQL could not be used (${code})`, code };
  }
  return { ok: true, store: createPgStore(pool, options.commitHooks ?? {}) };
}

function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\/[^\s]*$/.test(value);
}

function createPgStore(pool: pg.Pool, commitHooks: CommitHooks): PgStore {
  let closed: Promise<void> | undefined;
  let queries: StoreQueries | undefined;
  return {
    kind: 'postgres',
    pool,
    commitHooks,
    sharedRateLimits: createPgRateLimitStores(pool),
    queries() {
      queries ??= {
        admit: createPgAdmitQueries(pool, commitHooks),
        deliveries: createPgDeliveryQueries(pool),
        sweeps: createPgSweepQueries(pool),
        admin: createPgAdminQueries(pool),
        gauges: createPgGaugeQueries(pool),
        forget: createPgForgetQueries(pool),
        nonces: createPgNonceSweep(pool),
      };
      return queries;
    },
    async probeWrite(nowMs) {
      try {
        await pool.query('INSERT INTO probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at', [nowMs]);
        return { ok: true };
      } catch (error) {
        return { ok: false, code: pgErrorCode(error) };
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
