import type pg from 'pg';
import type { AdmitDecision, AdmitInput, AdmitQueries, RecordedAnswer } from '../admit-queries.ts';
import type { DbRow, LeasedRow, RowKey } from '../rows.ts';
import type { CommitHooks } from '../store-faults.ts';
import { inTransaction } from './pg-transaction.ts';

/** AdmitQueries over PostgreSQL: the same decisions as SQLite's, each a Promise. */
export type PgAdmitQueries = AdmitQueries;

const INSERT = `INSERT INTO submissions (
    form_id, id, state, fingerprint, answer, answer_due_until, contact, optin, optin_state, api_key_env, secret_key_env,
    accepted_at, queued_since, next_attempt_at, lease_owner, lease_until, updated_at, dead_reason, dead_at, last_error, last_message, draft, drop_reason)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $12, $16, $17, $18, $19, $20, $21)
  ON CONFLICT (form_id, id) DO NOTHING`;
const FIND_LOCKED = 'SELECT * FROM submissions WHERE form_id = $1 AND id = $2 FOR UPDATE';
const FIND = 'SELECT answer FROM submissions WHERE form_id = $1 AND id = $2';
const EXISTS = 'SELECT 1 FROM submissions WHERE form_id = $1 AND id = $2';
// Inserts the nonce, or leaves a spent one as it is and says who spent it (as SQLite's).
const SPEND = `INSERT INTO token_nonces (form_id, nonce, submission_id, issued_at, spent_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (form_id, nonce) DO UPDATE SET spent_at = token_nonces.spent_at RETURNING submission_id`;
const SET_ANSWER = 'UPDATE submissions SET answer = $1, updated_at = $2 WHERE form_id = $3 AND id = $4 AND answer IS NULL RETURNING answer';

/**
 * The acceptance statements. Each admission is one transaction: `INSERT … ON CONFLICT DO
 * NOTHING`, and when the row was there already, the same lookup as SQLite's under the row's
 * lock. An instance inserting the same id at the same moment makes this INSERT wait for its
 * commit, so the lookup always sees a committed row. The promise resolves only after COMMIT
 * and rejects (nothing stored) when any statement or the commit failed. PostgreSQL groups the
 * WAL flushes of concurrent commits itself, so admissions are not batched here. `hooks` are
 * for tests only, run around each admission's commit.
 */
export function createPgAdmitQueries(pool: pg.Pool, hooks: CommitHooks = {}): PgAdmitQueries {
  // A row nobody is answering any more (its request died with a crashed process) is answered
  // from what the store knows: delivered → created, anything else → queued.
  const derivedAnswer = (row: DbRow): RecordedAnswer => (row.state === 'delivered' || row.contact_done_at !== null ? 201 : 202);

  const admitOne = async (client: pg.PoolClient, input: AdmitInput): Promise<AdmitDecision> => {
    // A token that may only replay: never insert, only look the id up.
    if (input.token === 'replay_only') {
      const existing = (await client.query<DbRow>(FIND_LOCKED, [input.key.formId, input.key.id])).rows[0];
      return existing === undefined ? { kind: 'invalid_token' } : decideExisting(client, input, existing);
    }
    const leased = input.start === 'attempt';
    const invalid = input.start === 'invalid' ? input.invalid : undefined;
    const state = input.start === 'drop' ? 'dropped' : invalid !== undefined ? 'dead' : leased ? 'sending' : 'queued';
    const answer = leased ? null : 202;
    const optinState = input.optin === undefined ? null : ('pending' as const);
    const inserted = await client.query(INSERT, [
      input.key.formId,
      input.key.id,
      state,
      input.fingerprint,
      answer,
      input.answerDueUntil,
      input.contact === undefined ? null : JSON.stringify(input.contact),
      input.optin === undefined ? null : JSON.stringify(input.optin),
      optinState,
      input.apiKeyEnv,
      input.secretKeyEnv,
      input.nowMs,
      input.nextAttemptAt,
      leased ? input.owner : null,
      leased ? input.leaseUntil : null,
      invalid === undefined ? null : 'invalid_contact',
      invalid === undefined ? null : input.nowMs,
      invalid === undefined ? null : 'invalid_contact',
      invalid?.problem ?? null,
      invalid === undefined ? null : JSON.stringify(invalid.draft),
      input.start === 'drop' ? (input.dropReason ?? null) : null,
    ]);
    if (inserted.rowCount === 1) {
      // The id was new, so its nonce is spent now; spent by another id, the whole admission rolls back.
      const spent = await client.query<{ submission_id: string }>(SPEND, [input.key.formId, input.token.nonce, input.key.id, input.token.issuedAt, input.nowMs]);
      if (spent.rows[0]?.submission_id !== input.key.id) throw new TokenSpent();
      // The caller already holds everything the row says: no read-back, no JSON parsed again.
      const row: LeasedRow = {
        formId: input.key.formId,
        id: input.key.id,
        contact: input.contact ?? null,
        optin: input.optin ?? null,
        draft: invalid?.draft ?? null,
        optinState,
        contactDone: false,
        apiKeyEnv: input.apiKeyEnv,
        secretKeyEnv: input.secretKeyEnv,
        attempts: 0,
        queuedSince: input.nowMs,
      };
      return { kind: 'inserted', answer, row };
    }
    const existing = (await client.query<DbRow>(FIND_LOCKED, [input.key.formId, input.key.id])).rows[0];
    // Deleted between the two statements (`outbox purge` of an old row): the id is free again.
    if (existing === undefined) return admitOne(client, input);
    return decideExisting(client, input, existing);
  };

  const decideExisting = async (client: pg.PoolClient, input: AdmitInput, existing: DbRow): Promise<AdmitDecision> => {
    // An erased row (retention) has no fingerprint left to compare: the id alone decides.
    if (existing.fingerprint !== null && existing.fingerprint !== input.fingerprint) return { kind: 'conflict' };
    if (existing.answer !== null) return { kind: 'replay', answer: existing.answer };
    if (existing.answer_due_until > input.nowMs) return { kind: 'in_progress' };
    const derived = derivedAnswer(existing);
    await client.query(SET_ANSWER, [derived, input.nowMs, input.key.formId, input.key.id]);
    return { kind: 'replay', answer: derived };
  };

  const keysOf = (input: AdmitInput, decision: AdmitDecision): RowKey[] => (decision.kind === 'inserted' ? [input.key] : []);

  return {
    async admit(input) {
      let decision: AdmitDecision | undefined;
      try {
        await inTransaction(pool, async (client) => {
          decision = await admitOne(client, input);
          hooks.beforeCommit?.(keysOf(input, decision));
        });
      } catch (error) {
        // Rolled back: the row inserted for this id is gone with it.
        if (error instanceof TokenSpent) return { kind: 'invalid_token' };
        throw error;
      }
      const done = decision as AdmitDecision;
      hooks.afterCommit?.(keysOf(input, done));
      return done;
    },
    async known(key) {
      return ((await pool.query(EXISTS, [key.formId, key.id])).rowCount ?? 0) > 0;
    },
    // Every Postgres commit is durable when it returns (synchronous_commit): nothing to wait for.
    outcomesSynced: () => Promise.resolve(),
    async recordAnswer(key, proposed, nowMs) {
      const set = await pool.query<{ answer: RecordedAnswer }>(SET_ANSWER, [proposed, nowMs, key.formId, key.id]);
      if (set.rows[0] !== undefined) return set.rows[0].answer;
      // Already answered (or gone): the answer that stands, read after the UPDATE in a new snapshot.
      const found = await pool.query<{ answer: RecordedAnswer | null }>(FIND, [key.formId, key.id]);
      return found.rows[0]?.answer ?? proposed;
    },
  };
}

/** Thrown inside an admission's transaction to roll back its insert: the token's nonce was spent by another id. */
class TokenSpent extends Error {}
