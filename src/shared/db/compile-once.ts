import type { Knex } from 'knex';

export interface Compiled {
  /** knex's text, with `?` placeholders (for db.raw, and SQLite's own). */
  sql: string;
  /** The dialect's own text ($1, $2 … on PostgreSQL), for the driver itself. */
  nativeSql: string;
  bindings: readonly unknown[];
}

/**
 * Selects whose text is the same on every call but for its values, compiled by knex once per
 * database instead of once per call: building and compiling a query of several
 * subqueries cost more than running it on the portal's busiest read. `build` is called once with
 * stand-ins for the values, so its shape must not depend on them (one compileOnce per shape); each
 * call puts its own values where the stand-ins were bound.
 */
export function compileOnce<V extends string[]>(
  build: (db: Knex, ...values: V) => Knex.QueryBuilder[],
): (db: Knex, ...values: V) => Compiled[] {
  const cache = new WeakMap<Knex, Compiled[]>();
  return (db, ...values) => {
    let templates = cache.get(db);
    if (!templates) {
      const standIns = values.map((_, i) => standIn(i)) as V;
      templates = build(db, ...standIns).map((q) => {
        const compiled = q.toSQL();
        return { sql: compiled.sql, nativeSql: compiled.toNative().sql, bindings: compiled.bindings };
      });
      cache.set(db, templates);
    }
    return templates.map((t) => ({
      sql: t.sql,
      nativeSql: t.nativeSql,
      bindings: t.bindings.map((b) => {
        const i = typeof b === 'string' ? indexOfStandIn(b) : -1;
        return i >= 0 ? values[i] : b;
      }),
    }));
  };
}

// A value no caller binds: NUL is refused in PostgreSQL text and in every id this is used for.
const PREFIX = '\u0000compile-once:';
const standIn = (i: number): string => `${PREFIX}${i}`;
const indexOfStandIn = (b: string): number => (b.startsWith(PREFIX) ? Number(b.slice(PREFIX.length)) : -1);
