import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';

export type Db = Knex;
export type Dialect = 'sqlite' | 'postgres' | 'mssql';

/** Milliseconds a SQLite connection waits for another writer (another process) before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function dialectOfUrl(url: string): Dialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:/.test(url)) return 'postgres';
  if (url.startsWith('mssql:')) return 'mssql';
  throw new Error('DATABASE_URL must start with sqlite:, postgres:// or mssql://');
}

export function dialectOf(db: Knex): Dialect {
  const client = String(db.client.config.client);
  if (client === 'better-sqlite3' || client === 'sqlite3') return 'sqlite';
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') return 'postgres';
  if (client === 'mssql') return 'mssql';
  throw new Error(`unsupported knex client ${client}`);
}

/** mssql://user:password@host:port/database?encrypt=true&trustServerCertificate=true */
export function mssqlConnection(url: string): Knex.MsSqlConnectionConfig {
  const u = new URL(url);
  return {
    server: u.hostname,
    port: u.port ? Number(u.port) : 1433,
    userName: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
    // knex's types omit trustServerCertificate, but it passes options through to tedious.
    options: {
      encrypt: u.searchParams.get('encrypt') !== 'false',
      ...({ trustServerCertificate: u.searchParams.get('trustServerCertificate') === 'true' } as object),
    },
  };
}

export function knexConfig(url: string): Knex.Config {
  switch (dialectOfUrl(url)) {
    case 'sqlite': {
      const filename = url.slice('sqlite:'.length);
      if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
      return {
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
        // One connection: SQLite has a single writer anyway, and one connection makes every
        // transaction in this process serialize instead of failing with SQLITE_BUSY.
        pool: {
          min: 1,
          max: 1,
          afterCreate: (
            conn: { pragma(s: string): unknown; prepare(sql: string): unknown },
            done: (err: Error | null, conn: unknown) => void,
          ) => {
            cachePreparedStatements(conn);
            conn.pragma('journal_mode = WAL');
            conn.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
            conn.pragma('foreign_keys = ON');
            conn.pragma('synchronous = NORMAL');
            done(null, conn);
          },
        },
      };
    }
    case 'postgres':
      return { client: 'pg', connection: url, pool: { min: 0, max: 10 } };
    case 'mssql':
      return { client: 'mssql', connection: mssqlConnection(url), pool: { min: 0, max: 10 } };
  }
}

/** Distinct SQL texts a SQLite connection keeps prepared; bulk writes vary their chunk sizes, so bounded. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * knex's better-sqlite3 client prepares every statement anew, and on a hot read path preparing
 * cost as much as running (SQLite parses and plans the text each time). A statement is run to its
 * end synchronously by all() or run(), so one prepared statement per SQL text can be reused by
 * every later query on the connection; SQLite re-prepares it by itself after a schema change.
 */
interface SqliteStatement {
  reader: boolean;
  raw(on: boolean): unknown;
}

function cachePreparedStatements(conn: { prepare(sql: string): unknown }): void {
  const prepare = conn.prepare.bind(conn) as (sql: string) => SqliteStatement;
  const cache = new Map<string, SqliteStatement>();
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement !== undefined) {
      // Most recently used last, so the first key is the one to evict.
      cache.delete(sql);
      cache.set(sql, statement);
      // A caller may have switched it to rows as arrays (mapRows); knex expects objects.
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = prepare(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(sql, statement);
    return statement;
  };
}

export function createDb(url: string): Db {
  const db = knexFactory(knexConfig(url));
  if (dialectOf(db) === 'sqlite') beginImmediately(db);
  return db;
}

/**
 * SQLite: every transaction takes the write lock at BEGIN (BEGIN IMMEDIATE), waiting on the busy
 * timeout. knex's plain BEGIN is deferred: a transaction that reads and then writes, while another
 * process wrote in between, fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT) instead
 * of waiting. With several processes on one file (workers, tests) that is the common case.
 */
function beginImmediately(db: Knex): void {
  const client = db.client as {
    transaction: (...args: unknown[]) => {
      begin: (conn: unknown) => unknown;
      query: (conn: unknown, sql: string) => unknown;
    };
  };
  const create = client.transaction.bind(client);
  client.transaction = (...args: unknown[]) => {
    const trx = create(...args);
    trx.begin = (conn: unknown) => trx.query(conn, 'BEGIN IMMEDIATE;');
    return trx;
  };
}

/**
 * Bound parameters one statement may carry, with headroom: SQLite 32766, PostgreSQL 65535,
 * SQL Server 2100. Bulk writes size their chunks from this.
 */
export const MAX_BINDINGS: Record<Dialect, number> = { sqlite: 32000, postgres: 60000, mssql: 2000 };

export function rowsPerStatement(db: Knex, columnsPerRow: number): number {
  return Math.max(1, Math.floor(MAX_BINDINGS[dialectOf(db)] / columnsPerRow));
}

/**
 * Independent reads at once: side by side on the pool's connections (PostgreSQL, SQL Server), or
 * one after another on a transaction's single connection, where a driver must not be handed a
 * second query before the first answers (pg deprecates queueing them).
 */
export async function readTogether<T extends readonly unknown[]>(
  db: Knex,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (db.isTransaction) {
    const out: unknown[] = [];
    for (const read of reads) out.push(await read());
    return out as unknown as T;
  }
  return Promise.all(reads.map((read) => read())) as unknown as Promise<T>;
}
