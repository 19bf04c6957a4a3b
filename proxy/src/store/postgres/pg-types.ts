import pg from 'pg';

/** BIGINT (int8) columns hold millisecond times and counts, all far below 2^53: read as numbers. */
const INT8_OID = 20;

/**
 * The type parsers of every store connection. Per pool, never `pg.types.setTypeParser`: that
 * would change every pg user in the process.
 */
export function storeTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, (value: string) => Number(value));
  return types;
}

/**
 * A query object with every method answered by a Promise. The store interfaces are asynchronous
 * now, so for them this is the identity; kept for query files written against it.
 */
export type Async<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};
