import type { Knex } from 'knex';
import { dialectOf, rowsPerStatement } from './knex';

/*
 * Bulk SQL on every dialect: many keys or rows in a few statements, within each dialect's
 * parameter and row limits. Re-confirmation's night of 100,000 lines is what shaped it.
 */

/**
 * Bulk reads by key (a sku, an id), in chunks within every dialect's parameter limit: 500 on
 * SQL Server (2,100 parameters), all 5,000 skus of a nightly run at once elsewhere, one round
 * trip instead of ten. A few parameters are left for the query's own.
 */
const CHUNK = 500;

/** `bindsPerKey`: how often the query binds each key of its chunk. */
export async function chunked<T>(
  db: Knex,
  keys: string[],
  read: (chunk: string[]) => Promise<T[]>,
  bindsPerKey = 1,
): Promise<T[]> {
  const size = Math.floor((dialectOf(db) === 'mssql' ? CHUNK : rowsPerStatement(db, 1) - 16) / bindsPerKey);
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += size) out.push(...(await read(keys.slice(i, i + size))));
  return out;
}

/** SQL Server's table value constructor takes at most 1,000 rows (error 10738). */
const MAX_VALUES_ROWS = 1000;

/** Rows one JSON parameter carries: no parameter limit applies, this only bounds the string. */
const JSON_ROWS = 50_000;

/** Chunks as large as the dialect allows: one statement for a night's moved lines, except on SQL Server. */
export const chunksOf = <T>(db: Knex, rows: readonly T[], columnsPerRow: number): T[][] => {
  const per =
    dialectOf(db) === 'mssql' ? Math.min(MAX_VALUES_ROWS, rowsPerStatement(db, columnsPerRow)) : JSON_ROWS;
  return Array.from({ length: Math.ceil(rows.length / per) }, (_, i) => rows.slice(i * per, (i + 1) * per));
};

/**
 * A chunk of rows as a derived table `v` with the given columns, for one statement to write from.
 * SQLite and PostgreSQL take the rows as one JSON parameter (json_each; json_populate_recordset,
 * typed by `table`'s own columns): a VALUES list of thousands of rows costs more to bind and parse
 * than the write itself. SQL Server keeps a VALUES list, within its parameter and row limits.
 */
export function rowsOf<R extends object>(
  trx: Knex,
  table: string,
  columns: ReadonlyArray<keyof R & string>,
  chunk: readonly R[],
): [string, Knex.RawBinding[]] {
  const d = dialectOf(trx);
  if (d === 'postgres')
    return ['json_populate_recordset(null::??, ?::json) as ??', [table, JSON.stringify(chunk), 'v']];
  if (d === 'sqlite') {
    const fields = columns.map(() => 'value ->> ? as ??').join(', ');
    return [
      `(select ${fields} from json_each(?)) as ??`,
      [...columns.flatMap((c) => [`$.${c}`, c]), JSON.stringify(chunk), 'v'],
    ];
  }
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const bindings: Knex.RawBinding[] = [];
  for (const r of chunk) for (const c of columns) bindings.push(r[c] as Knex.RawBinding);
  return [
    `(values ${new Array<string>(chunk.length).fill(tuple).join(', ')}) as ??(${columns.map(() => '??').join(', ')})`,
    [...bindings, 'v', ...columns],
  ];
}

/**
 * Many rows in a few statements (one on SQLite and PostgreSQL). `computed` adds a column whose
 * value an expression over `v` and the database gives, such as the next ledger version.
 */
export async function insertMany<R extends object>(
  trx: Knex,
  table: string,
  columns: ReadonlyArray<keyof R & string>,
  rows: readonly R[],
  computed?: { column: string; sql: string; bindings: Knex.RawBinding[] },
): Promise<void> {
  const names = columns.map(() => '??').join(', ');
  const selected = columns.map(() => '??').join(', ');
  for (const chunk of chunksOf(trx, rows, columns.length)) {
    const [source, sourceBindings] = rowsOf(trx, table, columns, chunk);
    const extra = computed ? [', ??', `, ${computed.sql}`] : ['', ''];
    await trx.raw(`insert into ?? (${names}${extra[0]}) select ${selected}${extra[1]} from ${source}`, [
      table,
      ...columns,
      ...(computed ? [computed.column] : []),
      ...columns.map((c) => `v.${c}`),
      ...(computed?.bindings ?? []),
      ...sourceBindings,
    ]);
  }
}

/**
 * `?? in (…)` for many ids: from one JSON parameter on SQLite and PostgreSQL, bound one by one on
 * SQL Server. PostgreSQL as `= any(array)`: one index scan over the sorted ids, about half the
 * time of `in (select …)`, which it plans as a hash of the ids and an index lookup per id.
 */
export function whereIdIn(trx: Knex, column: string, ids: readonly string[]): [string, Knex.RawBinding[]] {
  const d = dialectOf(trx);
  if (d === 'sqlite') return ['?? in (select value from json_each(?))', [column, JSON.stringify(ids)]];
  if (d === 'postgres')
    return ['?? = any(array(select json_array_elements_text(?::json)))', [column, JSON.stringify(ids)]];
  return [`?? in (${ids.map(() => '?').join(', ')})`, [column, ...ids]];
}
