import type { NewContactBody, OptinBody } from '@gleantap-capture/shared';
import type { Database } from 'better-sqlite3';
import type { ContactDraft } from '../submission/job.ts';
import type { DbRow, DropReason, LeasedRow, RowKey } from './rows.ts';
import type { CommitHooks } from './store-faults.ts';
import type { SyncBarrier } from './sync-barrier.ts';

/** Admissions waiting together are committed together; past this many, a batch commits at once. */
const MAX_BATCH = 128;

/** The answers a submission can have been given; only 2xx answers are ever recorded. */
export type RecordedAnswer = 201 | 202;

/** A submission being accepted, and how it should start its life in the store. */
export interface AdmitInput {
  readonly key: RowKey;
  /** Hash of normalised fields + consent: what idempotency compares. */
  readonly fingerprint: string;
  readonly contact: NewContactBody | undefined;
  readonly optin: OptinBody | undefined;
  readonly apiKeyEnv: string;
  readonly secretKeyEnv: string;
  /**
   * `attempt`: leased to `owner` for the inline call; `queue`: wait for the worker; `drop`:
   * honeypot; `invalid`: dead (`invalid_contact`), its draft kept for the owner.
   */
  readonly start: 'attempt' | 'queue' | 'drop' | 'invalid';
  /** With `drop`: the junk check that flagged it; undefined for the honeypot. */
  readonly dropReason?: DropReason | undefined;
  /**
   * The form token's nonce, spent by this id when the row is inserted; `replay_only` for a
   * token that is genuine but no longer (or not yet) valid: only a replay of a stored id may pass.
   */
  readonly token: { readonly nonce: string; readonly issuedAt: number } | 'replay_only';
  /** With `invalid`: what went wrong (no values) and what the body is to be built from. */
  readonly invalid?: { readonly problem: string; readonly draft: ContactDraft } | undefined;
  readonly nowMs: number;
  readonly owner: string;
  readonly leaseUntil: number;
  /** Until then a replay is `in progress`: the first request may still be about to answer. */
  readonly answerDueUntil: number;
  readonly nextAttemptAt: number;
}

/** What the store decided about a submission, atomically. */
export type AdmitDecision =
  | { readonly kind: 'inserted'; readonly answer: RecordedAnswer | null; readonly row: LeasedRow }
  | { readonly kind: 'replay'; readonly answer: RecordedAnswer }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'conflict' }
  /** The token's nonce was spent by another id, or the token may only replay and there is nothing to replay: 403, nothing stored. */
  | { readonly kind: 'invalid_token' };

/**
 * The acceptance statements. Admissions that arrive together (the same turn of the event loop)
 * share one IMMEDIATE transaction and so one fsync — with `barrier`, an fsync off the event loop
 * shared with other writes (sync-barrier.ts); each resolves only after the transaction holding
 * its row committed and is on disk, and rejects when its own statements, the commit or the sync
 * failed. `recordAnswer` is one IMMEDIATE transaction of its own. Store errors reject.
 */
export interface AdmitQueries {
  admit(input: AdmitInput): Promise<AdmitDecision>;
  /** Whether (form, id) has a row: a replay, answered without asking a CAPTCHA provider again. */
  known(key: RowKey): Promise<boolean>;
  /** Records the answer unless one already is, and returns the one that stands. */
  recordAnswer(key: RowKey, proposed: RecordedAnswer, nowMs: number): Promise<RecordedAnswer>;
  /** Resolves once the delivery outcomes written so far are on disk (sync-barrier.ts); rejects if that sync failed. */
  outcomesSynced(): Promise<void>;
}

type Settled = { readonly ok: true; readonly decision: AdmitDecision } | { readonly ok: false; readonly error: unknown };

interface Pending {
  readonly input: AdmitInput;
  readonly resolve: (decision: AdmitDecision) => void;
  readonly reject: (error: unknown) => void;
}

/** Prepares the acceptance statements on a store's connection; `hooks` are for tests only. */
export function createAdmitQueries(db: Database, hooks: CommitHooks = {}, barrier?: SyncBarrier): AdmitQueries {
  const find = db.prepare<[string, string], DbRow>('SELECT * FROM submissions WHERE form_id = ? AND id = ?');
  const insert = db.prepare(`INSERT INTO submissions (
      form_id, id, state, fingerprint, answer, answer_due_until, contact, optin, optin_state, api_key_env, secret_key_env,
      accepted_at, queued_since, next_attempt_at, lease_owner, lease_until, updated_at, dead_reason, dead_at, last_error, last_message, draft, drop_reason)
    VALUES (@formId, @id, @state, @fingerprint, @answer, @answerDueUntil, @contact, @optin, @optinState, @apiKeyEnv, @secretKeyEnv,
      @nowMs, @nowMs, @nextAttemptAt, @owner, @leaseUntil, @nowMs, @deadReason, @deadAt, @lastError, @lastMessage, @draft, @dropReason)`);
  const exists = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM submissions WHERE form_id = ? AND id = ?');
  // Inserts the nonce, or leaves a spent one as it is and says who spent it.
  const spend = db.prepare<[string, string, string, number, number], { submission_id: string }>(
    `INSERT INTO token_nonces (form_id, nonce, submission_id, issued_at, spent_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (form_id, nonce) DO UPDATE SET spent_at = token_nonces.spent_at RETURNING submission_id`,
  );
  const setAnswer = db.prepare('UPDATE submissions SET answer = ?, updated_at = ? WHERE form_id = ? AND id = ? AND answer IS NULL');

  // A row nobody is answering any more (its request died with a crashed process) is answered
  // from what the store knows: delivered → created, anything else → queued.
  const derivedAnswer = (row: DbRow): RecordedAnswer => (row.state === 'delivered' || row.contact_done_at !== null ? 201 : 202);

  // Run inside the batch's transaction, each admission is a savepoint of its own: one that fails
  // is rolled back alone, and each sees the rows of those before it (a replay in the same batch).
  const admitOne = db.transaction((input: AdmitInput): AdmitDecision => {
    const existing = find.get(input.key.formId, input.key.id);
    if (existing !== undefined) {
      // An erased row (retention) has no fingerprint left to compare: the id alone decides.
      if (existing.fingerprint !== null && existing.fingerprint !== input.fingerprint) return { kind: 'conflict' };
      if (existing.answer !== null) return { kind: 'replay', answer: existing.answer };
      if (existing.answer_due_until > input.nowMs) return { kind: 'in_progress' };
      const answer = derivedAnswer(existing);
      setAnswer.run(answer, input.nowMs, input.key.formId, input.key.id);
      return { kind: 'replay', answer };
    }
    // Only after the id lookup: a replay of this id gets its first answer whatever its token.
    if (input.token === 'replay_only') return { kind: 'invalid_token' };
    const spentBy = spend.get(input.key.formId, input.token.nonce, input.key.id, input.token.issuedAt, input.nowMs)?.submission_id;
    if (spentBy !== input.key.id) return { kind: 'invalid_token' };
    const leased = input.start === 'attempt';
    const invalid = input.start === 'invalid' ? input.invalid : undefined;
    const state = input.start === 'drop' ? 'dropped' : invalid !== undefined ? 'dead' : leased ? 'sending' : 'queued';
    const answer = leased ? null : 202;
    const row = {
      formId: input.key.formId,
      id: input.key.id,
      state,
      fingerprint: input.fingerprint,
      answer,
      answerDueUntil: input.answerDueUntil,
      contact: input.contact === undefined ? null : JSON.stringify(input.contact),
      optin: input.optin === undefined ? null : JSON.stringify(input.optin),
      optinState: input.optin === undefined ? null : ('pending' as const),
      apiKeyEnv: input.apiKeyEnv,
      secretKeyEnv: input.secretKeyEnv,
      nowMs: input.nowMs,
      nextAttemptAt: input.nextAttemptAt,
      owner: leased ? input.owner : null,
      leaseUntil: leased ? input.leaseUntil : null,
      deadReason: invalid === undefined ? null : 'invalid_contact',
      deadAt: invalid === undefined ? null : input.nowMs,
      lastError: invalid === undefined ? null : 'invalid_contact',
      lastMessage: invalid?.problem ?? null,
      draft: invalid === undefined ? null : JSON.stringify(invalid.draft),
      dropReason: input.start === 'drop' ? (input.dropReason ?? null) : null,
    };
    insert.run(row);
    // The caller already holds everything the row says: no read-back, no JSON parsed again.
    const leasedRow: LeasedRow = {
      formId: input.key.formId,
      id: input.key.id,
      contact: input.contact ?? null,
      optin: input.optin ?? null,
      draft: invalid?.draft ?? null,
      optinState: row.optinState,
      contactDone: false,
      apiKeyEnv: input.apiKeyEnv,
      secretKeyEnv: input.secretKeyEnv,
      attempts: 0,
      queuedSince: input.nowMs,
    };
    return { kind: 'inserted', answer, row: leasedRow };
  });

  const record = db.transaction((key: RowKey, proposed: RecordedAnswer, nowMs: number): RecordedAnswer => {
    setAnswer.run(proposed, nowMs, key.formId, key.id);
    return find.get(key.formId, key.id)?.answer ?? proposed;
  });

  const runBatch = db.transaction((batch: readonly Pending[], settled: Settled[]) => {
    for (const { input } of batch) {
      try {
        settled.push({ ok: true, decision: admitOne(input) });
      } catch (error) {
        settled.push({ ok: false, error });
      }
    }
    hooks.beforeCommit?.(committedKeys(batch, settled));
  });

  // Without a barrier (tests of the statements alone) every commit is synced by SQLite itself.
  const relaxed = <T>(write: () => T): T => (barrier === undefined ? write() : barrier.relaxed(write));
  const synced = (): Promise<void> => barrier?.synced() ?? Promise.resolve();

  let queue: Pending[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const settled: Settled[] = [];
    try {
      relaxed(() => runBatch.immediate(batch, settled));
    } catch (error) {
      // The commit itself failed: nothing of this batch is stored, so nobody hears 2xx.
      for (const pending of batch) pending.reject(error);
      return;
    }
    // Committed; answered only once the commit is on disk (sync-barrier.ts).
    synced().then(
      () => {
        hooks.afterCommit?.(committedKeys(batch, settled));
        batch.forEach((pending, index) => {
          const result = settled[index];
          if (result?.ok) pending.resolve(result.decision);
          else pending.reject(result?.error);
        });
      },
      // Not known to be on disk: nobody hears 2xx (a visitor's retry finds the row, see accept.ts).
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
      },
    );
  };

  return {
    admit: (input) =>
      new Promise<AdmitDecision>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (queue.length >= MAX_BATCH) flush();
        else if (queue.length === 1) setImmediate(flush);
      }),
    known: async (key) => exists.get(key.formId, key.id) !== undefined,
    recordAnswer: async (key, proposed, nowMs) => record.immediate(key, proposed, nowMs),
    outcomesSynced: synced,
  };
}

/** The rows a batch inserted: what a commit makes durable. */
function committedKeys(batch: readonly Pending[], settled: readonly Settled[]): RowKey[] {
  return batch
    .filter((_, index) => {
      const result = settled[index];
      return result?.ok === true && result.decision.kind === 'inserted';
    })
    .map((pending) => pending.input.key);
}
