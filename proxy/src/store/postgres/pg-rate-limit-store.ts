import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type pg from 'pg';

/**
 * One statement per hit, atomic under concurrency: the first hit of a key (or the first after
 * its window ended) starts a window at 1, every other adds one. `$3` is now in ms: the
 * database's clock unless a clock is injected, so instances with drifting clocks share windows.
 */
const INCREMENT = `INSERT INTO rate_limits AS r (key, hits, reset_at) VALUES ($1, 1, $3::bigint + $2::bigint)
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.reset_at <= $3::bigint THEN 1 ELSE r.hits + 1 END,
    reset_at = CASE WHEN r.reset_at <= $3::bigint THEN $3::bigint + $2::bigint ELSE r.reset_at END
  RETURNING hits, reset_at`;
// statement_timestamp(): one instant for the whole statement, wherever it appears in it.
const DB_NOW = '(EXTRACT(EPOCH FROM statement_timestamp()) * 1000)::bigint';
const DECREMENT = 'UPDATE rate_limits SET hits = GREATEST(hits - 1, 0) WHERE key = $1 AND reset_at > $2::bigint';
const GET = 'SELECT hits, reset_at FROM rate_limits WHERE key = $1 AND reset_at > $2::bigint';
const RESET = 'DELETE FROM rate_limits WHERE key = $1';
const RESET_ALL = 'DELETE FROM rate_limits WHERE starts_with(key, $1)';
const PRUNE = 'DELETE FROM rate_limits WHERE reset_at <= $1::bigint';

export interface PgRateLimitOptions {
  /** The clock of the windows, in ms; default the database's own (one clock for every instance). */
  readonly now?: () => number;
}

/**
 * express-rate-limit stores over the shared pool, one per limiter (`create(prefix)` fits
 * `RateLimitOptions.createStore`), so a limit of N holds across every instance together.
 * Chosen over @acpr/rate-limit-postgresql: that package opens its own pool (a second copy of an
 * older pg), runs its own migrations in its own schema, and locks a whole table on each hit;
 * this is one upsert per hit on a table our migrations own. `prune` deletes ended windows.
 */
export function createPgRateLimitStores(pool: pg.Pool, options: PgRateLimitOptions = {}): { create(prefix: string): Store; prune(): Promise<number> } {
  const now = (): { sql: string; value: number | undefined } => (options.now ? { sql: '$3', value: options.now() } : { sql: DB_NOW, value: undefined });
  // With the database's clock, `$3` is spliced out for the expression (no value to bind).
  const run = <R extends pg.QueryResultRow>(sql: string, values: unknown[]) => {
    const clock = now();
    if (clock.value !== undefined) return pool.query<R>(sql, [...values, clock.value]);
    const position = `$${values.length + 1}`;
    return pool.query<R>(sql.split(position).join(DB_NOW), values);
  };
  return {
    create(prefix) {
      let windowMs = 60_000;
      return {
        prefix,
        // Counts live in PostgreSQL, seen by every instance: the limiter may warn about double counting.
        localKeys: false,
        init(limiterOptions: Options) {
          windowMs = limiterOptions.windowMs;
        },
        async increment(key): Promise<ClientRateLimitInfo> {
          const result = await run<{ hits: number; reset_at: number }>(INCREMENT, [prefix + key, windowMs]);
          const row = result.rows[0] as { hits: number; reset_at: number };
          return { totalHits: row.hits, resetTime: new Date(row.reset_at) };
        },
        async decrement(key) {
          await run(DECREMENT, [prefix + key]);
        },
        async get(key) {
          const row = (await run<{ hits: number; reset_at: number }>(GET, [prefix + key])).rows[0];
          return row === undefined ? undefined : { totalHits: row.hits, resetTime: new Date(row.reset_at) };
        },
        async resetKey(key) {
          await pool.query(RESET, [prefix + key]);
        },
        async resetAll() {
          await pool.query(RESET_ALL, [prefix]);
        },
      };
    },
    prune: async () => (await run(PRUNE, [])).rowCount ?? 0,
  };
}
