import type pg from 'pg';

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it returns, ROLLBACK
 * when it throws. A connection whose ROLLBACK failed is broken and is destroyed, not pooled.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // pg-pool listens for errors only on idle clients: a connection lost while this one is
  // checked out but between queries (PostgreSQL stopped mid-transaction) would be an
  // unhandled 'error' event and end the process. The next query on it fails instead.
  const onLost = (): void => undefined;
  client.on('error', onLost);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: Error) => {
        broken = rollback;
      });
      throw error;
    }
  } catch (error) {
    // BEGIN or COMMIT failing means the connection is gone: do not hand it out again.
    broken ??= isConnectionError(error) ? (error as Error) : undefined;
    throw error;
  } finally {
    client.removeListener('error', onLost);
    client.release(broken);
  }
}

function isConnectionError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code !== 'string' || code.startsWith('08') || code.startsWith('57P') || code.startsWith('E');
}
