import { openStore } from './open-store.ts';
import { openPgStore } from './postgres/open-pg-store.ts';
import type { Store } from './store.ts';
import type { StoreFaults } from './store-faults.ts';

export interface OpenConfiguredStoreOptions {
  /** DATABASE_URL when set: PostgreSQL, shared by every instance; else SQLite in DATA_DIR. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** `serve` creates and migrates; `admin` (the outbox commands) needs an existing, current store. */
  readonly mode: 'serve' | 'admin';
  /** Shown in pg_stat_activity, so a DBA can tell the instances apart (Postgres only). */
  readonly applicationName?: string;
  /** Told each idle pooled connection's failure as a code (Postgres only). */
  readonly onIdleError?: (code: string) => void;
  /** Test-only fault injection (see store-faults.ts). */
  readonly faults?: StoreFaults;
}

/**
 * A failure names `setting: 'DATA_DIR'` when that setting cannot work (a pseudo filesystem …).
 * PostgreSQL's problems start with `DATABASE_URL:` and never quote its value.
 */
export type OpenConfiguredStoreResult = { readonly ok: true; readonly store: Store } | { readonly ok: false; readonly problem: string; readonly setting?: 'DATA_DIR' };

/** Opens the store the configuration selects: the one place that knows there are two. */
export async function openConfiguredStore(options: OpenConfiguredStoreOptions): Promise<OpenConfiguredStoreResult> {
  if (options.databaseUrl === undefined) {
    const opened = openStore({ dataDir: options.dataDir, mode: options.mode, ...(options.faults ? { faults: options.faults } : {}) });
    return opened.ok ? opened : { ok: false, problem: opened.problem, ...(opened.setting ? { setting: opened.setting } : {}) };
  }
  const opened = await openPgStore({
    databaseUrl: options.databaseUrl,
    mode: options.mode,
    ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}),
    ...(options.faults?.commitHooks ? { commitHooks: options.faults.commitHooks } : {}),
  });
  return opened.ok ? opened : { ok: false, problem: opened.problem };
}
