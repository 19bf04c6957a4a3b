import type pg from 'pg';
import type { NonceSweep } from '../nonce-sweep.ts';

/** The nonce sweep of nonce-sweep.ts on the shared pool: any instance's worker may run it. */
export function createPgNonceSweep(pool: pg.Pool): NonceSweep {
  return {
    forget: async (issuedBefore) => (await pool.query('DELETE FROM token_nonces WHERE issued_at < $1', [issuedBefore])).rowCount ?? 0,
  };
}
