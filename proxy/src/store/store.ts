import type { Store as RateLimitStore } from 'express-rate-limit';
import type { AdminQueries } from './admin-queries.ts';
import type { AdmitQueries } from './admit-queries.ts';
import type { DeliveryQueries } from './delivery-queries.ts';
import type { ForgetQueries } from './forget-queries.ts';
import type { GaugeQueries } from './gauge-queries.ts';
import type { NonceSweep } from './nonce-sweep.ts';
import type { CommitHooks } from './store-faults.ts';
import type { SweepQueries } from './sweep-queries.ts';

/** express-rate-limit stores over the shared store, one per limiter, and the sweep of ended windows. */
export interface SharedRateLimits {
  create(prefix: string): RateLimitStore;
  prune(): Promise<number>;
}

/** Whether the store can keep a lead right now; `code` names why not, without data. */
export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly code: string };

/** Every statement the outbox and the `outbox` commands run, the same on either store. */
export interface StoreQueries {
  readonly admit: AdmitQueries;
  readonly deliveries: DeliveryQueries;
  readonly sweeps: SweepQueries;
  readonly admin: AdminQueries;
  readonly gauges: GaugeQueries;
  /** `outbox forget` and `outbox export --email|--phone`. */
  readonly forget: ForgetQueries;
  /** Spent form-token nonces past every form's `maxTokenAge`. */
  readonly nonces: NonceSweep;
}

/**
 * An open store: SQLite in DATA_DIR (one instance) or PostgreSQL on DATABASE_URL (any number of
 * instances), chosen at start. Routes, worker and `outbox` commands see only this.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Test-only hooks around the admissions' commits; empty outside tests. */
  readonly commitHooks: CommitHooks;
  /** Commits one real write; tells whether the store can keep a lead right now. */
  probeWrite(nowMs: number): Promise<ProbeResult>;
  /** The statements, prepared once per store. */
  queries(): StoreQueries;
  /**
   * Rate-limit counters every instance shares (PostgreSQL); undefined for SQLite, whose one
   * instance counts in memory.
   */
  readonly sharedRateLimits: SharedRateLimits | undefined;
  close(): Promise<void>;
}
