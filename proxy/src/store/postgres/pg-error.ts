/**
 * A stable, data-free name for why a Postgres operation failed, for logs and problems: the
 * SQLSTATE (`PG_57P01` …) or the socket's errno (`ECONNREFUSED`). Messages are never used,
 * they can quote values or the server's address, except the pool's two fixed sentences that
 * carry no code at all.
 */
export function pgErrorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return NAMED[code] ?? `PG_${code}`;
  if (typeof code === 'string' && /^E[A-Z0-9_]{1,40}$/.test(code)) return code;
  const message = error instanceof Error ? error.message : '';
  if (/timeout exceeded when trying to connect/.test(message)) return 'PG_CONNECT_TIMEOUT';
  if (/Connection terminated/.test(message)) return 'PG_CONNECTION_LOST';
  if (/Query read timeout/.test(message)) return 'PG_QUERY_TIMEOUT';
  if (/Cannot use a pool after calling end/.test(message)) return 'STORE_CLOSED';
  return 'UNKNOWN';
}

/** The SQLSTATEs an operator meets, by name (the rest keep their code). */
const NAMED: Readonly<Record<string, string>> = {
  '57014': 'PG_STATEMENT_TIMEOUT',
  '57P01': 'PG_ADMIN_SHUTDOWN',
  '57P02': 'PG_CRASH_SHUTDOWN',
  '57P03': 'PG_CANNOT_CONNECT_NOW',
  '53300': 'PG_TOO_MANY_CONNECTIONS',
  '3D000': 'PG_UNKNOWN_DATABASE',
  '28000': 'PG_AUTH_FAILED',
  '28P01': 'PG_AUTH_FAILED',
  '25006': 'PG_READ_ONLY',
  '53100': 'PG_DISK_FULL',
  '08006': 'PG_CONNECTION_FAILURE',
  '08001': 'PG_CONNECTION_FAILURE',
};
