import type { Knex } from 'knex';
import type { Compiled } from './compile-once';
import { dialectOf, readTogether } from './knex';

/** A value as better-sqlite3 binds it: knex turns booleans into 0/1 and dates into epoch milliseconds first. */
function sqliteBinding(v: unknown): unknown {
  if (typeof v === 'boolean') return Number(v);
  if (v instanceof Date) return v.valueOf();
  return v;
}

interface SqliteConnection {
  prepare(sql: string): { raw(on: boolean): { iterate(bindings: unknown[]): IterableIterator<unknown[]> } };
}

/**
 * A select's rows, each given to `map` as an array in the query's column order: for bulk reads of
 * 100,000 rows, where the drivers' one object per row (a key set for every value) costs about as
 * much as the read itself. pg and better-sqlite3 return arrays natively (rowMode 'array', raw
 * mode; better-sqlite3 hands them over one at a time, so no array of every row array is kept). On
 * SQLite the query runs on the connection knex would use (a transaction's own, inside one). SQL
 * Server's rows are taken apart after the read.
 */
export async function mapRows<T>(
  db: Knex,
  query: Knex.QueryBuilder,
  map: (row: unknown[]) => T,
): Promise<T[]> {
  switch (dialectOf(db)) {
    case 'postgres':
      return ((await query.options({ rowMode: 'array' })) as unknown as unknown[][]).map(map);
    case 'sqlite': {
      const { sql, bindings } = query.toSQL().toNative();
      const conn = (await db.client.acquireConnection()) as SqliteConnection;
      try {
        const out: T[] = [];
        for (const row of conn.prepare(sql).raw(true).iterate(bindings.map(sqliteBinding)))
          out.push(map(row));
        return out;
      } finally {
        await db.client.releaseConnection(conn);
      }
    }
    case 'mssql':
      return ((await query) as object[]).map((r) => map(Object.values(r)));
  }
}

const asIs = (row: unknown[]): unknown[] => row;

/** A select's rows as arrays, in its column order (see mapRows). */
export function selectArrays(db: Knex, query: Knex.QueryBuilder): Promise<unknown[][]> {
  return mapRows(db, query, asIs);
}

/**
 * A select's rows as objects, as awaiting the query gives them, for the hot reads of one request
 * (a customer's order status). On SQLite the compiled query runs on the connection itself, as
 * mapRows does: better-sqlite3 answers in microseconds, and knex's runner around each statement
 * (query events, ids, response processing) cost several times the statement. The other
 * dialects wait on the network; their queries go through knex unchanged.
 */
export async function readRows<T>(db: Knex, query: Knex.QueryBuilder): Promise<T[]> {
  if (dialectOf(db) !== 'sqlite') return (await query) as T[];
  const { sql, bindings } = query.toSQL().toNative();
  const conn = (await db.client.acquireConnection()) as {
    prepare(sql: string): { all(bindings: unknown[]): unknown[] };
  };
  try {
    return conn.prepare(sql).all(bindings.map(sqliteBinding)) as T[];
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/**
 * Several selects' rows (as readRows gives each), read together: on SQLite all on one acquisition
 * of the connection, run back to back (each is synchronous in better-sqlite3, so taking the pool's
 * one connection once instead of once per statement saves a queue wait each); elsewhere as
 * readTogether does, side by side on the pool or one by one in a transaction.
 */
export async function readRowsTogether<T extends readonly unknown[]>(
  db: Knex,
  /** Queries, or on SQLite also statements compiled already (compileOnce). */
  queries: { [K in keyof T]: Knex.QueryBuilder | Compiled },
): Promise<{ [K in keyof T]: T[K][] }> {
  const isCompiled = (q: Knex.QueryBuilder | Compiled): q is Compiled =>
    'sql' in q && typeof q.sql === 'string';
  if (dialectOf(db) !== 'sqlite') {
    if (queries.some(isCompiled)) throw new Error('readRowsTogether: compiled statements are for SQLite');
    return readTogether(
      db,
      queries.map((q) => () => q as unknown as Promise<unknown[]>),
    ) as unknown as Promise<{ [K in keyof T]: T[K][] }>;
  }
  const compiled = queries.map((q) => (isCompiled(q) ? q : q.toSQL().toNative()));
  const conn = (await db.client.acquireConnection()) as {
    prepare(sql: string): { all(bindings: unknown[]): unknown[] };
  };
  try {
    return compiled.map(({ sql, bindings }) => conn.prepare(sql).all(bindings.map(sqliteBinding))) as {
      [K in keyof T]: T[K][];
    };
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/**
 * A compiled select's rows on PostgreSQL as a named prepared statement, straight on the driver:
 * each pooled connection parses and plans it once and then only binds and runs it (planning took
 * as long as running the order's read), and knex's runner is skipped as readRows skips it on
 * SQLite. `name` must stand for this one text. Other dialects run it through knex.
 */
export async function readPrepared<T>(db: Knex, name: string, statement: Compiled): Promise<T[]> {
  if (dialectOf(db) !== 'postgres')
    return readRows<T>(db, db.raw(statement.sql, statement.bindings as Knex.RawBinding[]) as never);
  const conn = (await db.client.acquireConnection()) as {
    query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
  };
  try {
    return (await conn.query({ name, text: statement.nativeSql, values: [...statement.bindings] })).rows;
  } finally {
    await db.client.releaseConnection(conn);
  }
}
