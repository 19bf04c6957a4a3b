/**
 * A stable, data-free name for why a store operation failed (`SQLITE_READONLY`, `SQLITE_FULL`,
 * `EACCES` …), for logs and problems. Messages are never used: they can quote values.
 */
export function storeErrorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  if (error instanceof TypeError && /database connection is not open/.test(error.message)) return 'STORE_CLOSED';
  return 'UNKNOWN';
}
