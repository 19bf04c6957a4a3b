import type { Database } from 'better-sqlite3';

/** Forgets spent form-token nonces once no token of theirs can be accepted any more. */
export interface NonceSweep {
  /** Deletes the nonces of tokens issued before `issuedBefore`; returns how many. */
  forget(issuedBefore: number): Promise<number>;
}

/**
 * A token older than its form's `maxTokenAge` is refused before its nonce is looked at, so a
 * nonce issued before now − the longest `maxTokenAge` of any form can never be spent again: its
 * row only takes space. A replay of a stored id is answered from the submission row, not here.
 */
export function createNonceSweep(db: Database): NonceSweep {
  const forget = db.prepare('DELETE FROM token_nonces WHERE issued_at < ?');
  return { forget: async (issuedBefore) => forget.run(issuedBefore).changes };
}
