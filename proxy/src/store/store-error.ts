import pg from 'pg';
import { pgErrorCode } from './postgres/pg-error.ts';

/**
 * A stable, data-free name for why a store operation failed (`SQLITE_READONLY`, `SQLITE_FULL`,
 * `EACCES`, `PG_ADMIN_SHUTDOWN`, `ECONNREFUSED` …), for logs and problems, whichever store threw
 * it. Messages are never used: they can quote values.
 */
export function storeErrorCode(error: unknown): string {
  // A server's error carries a SQLSTATE, which pgErrorCode names; five capitals alone could be an errno.
  if (error instanceof pg.DatabaseError) return pgErrorCode(error);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  if (error instanceof TypeError && /database connection is not open/.test(error.message)) return 'STORE_CLOSED';
  // The pool's own failures (a lost connection, a connect timeout) carry no code, only fixed sentences.
  return pgErrorCode(error);
}
