import type { Database } from 'better-sqlite3';
import type { RowKey } from './rows.ts';

/** A row the expiry sweep dead-lettered, with what went wrong last (no personal data). */
export interface ExpiredRow extends RowKey {
  readonly lastError: string | null;
  readonly lastStatus: number | null;
}

/** Periodic maintenance: dead-lettering by age, erasing personal data, queue gauges. */
export interface SweepQueries {
  /** Rows waiting since before `cutoff` (and not leased) become dead with reason `expired`. */
  expire(nowMs: number, cutoff: number): Promise<ExpiredRow[]>;
  /**
   * Nulls the contact and optin bodies of delivered (and dropped) rows accepted before
   * `cutoff`, and the fingerprint of erased rows accepted before `fingerprintCutoff`.
   */
  erase(nowMs: number, cutoff: number, fingerprintCutoff: number): Promise<number>;
  /**
   * Nulls every stored body, the kept draft and Gleantap's message of dead rows that died
   * before `cutoff`; they stay `dead` (their fingerprints go with `erase`'s, by age).
   */
  eraseDead(nowMs: number, cutoff: number): Promise<number>;
  /** Dead rows not yet erased that died before `cutoff`: how many `eraseDead` will take by then. */
  deadDueBy(cutoff: number): Promise<number>;
  /** Rows still to deliver, and when the oldest of them was accepted. */
  depth(): Promise<{ readonly count: number; readonly oldestAcceptedAt: number | null }>;
  /**
   * Waiting rows due later than `latest` become due at `latest`: a wait written by an older
   * release (an uncapped Retry-After) or under a larger `backoff.capMs` ends within the cap.
   */
  clampWaits(nowMs: number, latest: number): Promise<number>;
  /** The row waiting longest in this life (since acceptance or the owner's last `outbox retry`). */
  oldestWaiting(): Promise<(RowKey & { readonly queuedSince: number; readonly count: number }) | undefined>;
}

/** Prepares the sweep statements on a store's connection. */
export function createSweepQueries(db: Database): SweepQueries {
  const expire = db.prepare<[{ nowMs: number; cutoff: number }], { form_id: string; id: string; last_error: string | null; last_status: number | null }>(
    `UPDATE submissions SET state = 'dead', dead_reason = 'expired', dead_at = @nowMs, lease_owner = NULL, lease_until = NULL, updated_at = @nowMs
     WHERE state IN ('queued', 'sending') AND queued_since <= @cutoff AND (lease_until IS NULL OR lease_until <= @nowMs)
     RETURNING form_id, id, last_error, last_status`,
  );
  // Ids, states, outcomes and times stay: the owner can still see that a lead came and went.
  const eraseBodies = db.prepare(`UPDATE submissions SET contact = NULL, optin = NULL, erased_at = @nowMs, updated_at = @nowMs
    WHERE state IN ('delivered', 'dropped') AND erased_at IS NULL AND accepted_at <= @cutoff`);
  const eraseFingerprints = db.prepare(`UPDATE submissions SET fingerprint = NULL, updated_at = @nowMs
    WHERE erased_at IS NOT NULL AND fingerprint IS NOT NULL AND accepted_at <= @cutoff`);
  const eraseDead = db.prepare(`UPDATE submissions SET contact = NULL, optin = NULL, draft = NULL, last_message = NULL, erased_at = @nowMs, updated_at = @nowMs
    WHERE state = 'dead' AND erased_at IS NULL AND dead_at <= @cutoff`);
  const deadDue = db.prepare<[number], { count: number }>("SELECT COUNT(*) AS count FROM submissions WHERE state = 'dead' AND erased_at IS NULL AND dead_at <= ?");
  const depth = db.prepare<[], { count: number; oldest: number | null }>("SELECT COUNT(*) AS count, MIN(accepted_at) AS oldest FROM submissions WHERE state IN ('queued', 'sending')");
  const clamp = db.prepare(`UPDATE submissions SET next_attempt_at = @latest, updated_at = @nowMs
    WHERE state = 'queued' AND next_attempt_at > @latest`);
  const oldest = db.prepare<[], { form_id: string; id: string; queued_since: number; count: number }>(
    `SELECT form_id, id, queued_since, (SELECT COUNT(*) FROM submissions WHERE state IN ('queued', 'sending')) AS count
     FROM submissions WHERE state IN ('queued', 'sending') ORDER BY queued_since LIMIT 1`,
  );
  const erase = db.transaction((nowMs: number, cutoff: number, fingerprintCutoff: number): number => {
    const erased = eraseBodies.run({ nowMs, cutoff }).changes;
    eraseFingerprints.run({ nowMs, cutoff: fingerprintCutoff });
    return erased;
  });
  return {
    expire: async (nowMs, cutoff) => expire.all({ nowMs, cutoff }).map((row) => ({ formId: row.form_id, id: row.id, lastError: row.last_error, lastStatus: row.last_status })),
    erase: async (nowMs, cutoff, fingerprintCutoff) => erase.immediate(nowMs, cutoff, fingerprintCutoff),
    eraseDead: async (nowMs, cutoff) => eraseDead.run({ nowMs, cutoff }).changes,
    deadDueBy: async (cutoff) => deadDue.get(cutoff)?.count ?? 0,
    clampWaits: async (nowMs, latest) => clamp.run({ nowMs, latest }).changes,
    oldestWaiting: async () => {
      const row = oldest.get();
      return row === undefined ? undefined : { formId: row.form_id, id: row.id, queuedSince: row.queued_since, count: row.count };
    },
    depth: async () => {
      const row = depth.get();
      return { count: row?.count ?? 0, oldestAcceptedAt: row?.oldest ?? null };
    },
  };
}
