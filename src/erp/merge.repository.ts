import type { Knex } from 'knex';
import { dialectOf } from '../shared/db/knex';
import type { DatasetSpec, Reference } from './datasets';

/**
 * Every statement of a dataset's merge, all set-based over the staging table `stg`.
 * Identifiers come from the dataset specs (constants), and still go through ?? bindings.
 */
const keyMatch = (spec: DatasetSpec, left: string, right: string): [string, string[]] => [
  spec.key.map(() => '?? = ??').join(' AND '),
  spec.key.flatMap((k) => [`${left}.${k}`, `${right}.${k}`]),
];

const count = async (q: Knex.QueryBuilder): Promise<number> =>
  Number(((await q.count({ n: '*' }).first()) as { n: number | string } | undefined)?.n ?? 0);

export async function indexStaging(trx: Knex, stg: string, spec: DatasetSpec): Promise<void> {
  const d = dialectOf(trx);
  const name = `${stg.replace(/#/g, '')}_key_idx`;
  const cols = [...spec.key, 'line'].map(() => '??').join(', ');
  const target = d === 'sqlite' ? `temp.${name}` : name;
  await trx.raw(`CREATE INDEX ${target} ON ?? (${cols})`, [stg, ...spec.key, 'line']);
  // Autovacuum never analyzes temporary tables: without statistics PostgreSQL plans the merge blind.
  if (d === 'postgres') await trx.raw('ANALYZE ??', [stg]);
}

/** One grouped pass over the key index; the costlier marking runs only when the file has duplicates. */
export async function hasDuplicates(trx: Knex, stg: string, spec: DatasetSpec): Promise<boolean> {
  const q = trx(stg).select(spec.key).groupBy(spec.key).havingRaw('COUNT(*) > 1');
  for (const k of spec.key) q.whereNotNull(k);
  return (await q.first()) !== undefined;
}

/** Every occurrence of a key that stands on more than one line is quarantined: which one is right is unknowable. */
export async function markDuplicates(trx: Knex, stg: string, spec: DatasetSpec): Promise<void> {
  const [match, ids] = keyMatch(spec, 's2', stg);
  const q = trx(stg).where('bad', 0);
  for (const k of spec.key) q.whereNotNull(k);
  await q
    .whereExists(
      trx(`${stg} as s2`)
        .select(trx.raw('1'))
        .whereRaw(match, ids)
        .whereRaw('?? <> ??', ['s2.line', `${stg}.line`]),
    )
    .update({
      bad: 1,
      reason: `duplicate key (${spec.key.join(', ')}): the file has this key on more than one line`,
    });
}

const unknownReference = (stg: string, ref: Reference): [string, string[]] => [
  '(?? IS NOT NULL AND ?? <> ? AND NOT EXISTS (SELECT 1 FROM ?? WHERE ?? = ??))',
  [
    `${stg}.${ref.column}`,
    `${stg}.${ref.column}`,
    '',
    ref.table,
    `${ref.table}.${ref.targetColumn}`,
    `${stg}.${ref.column}`,
  ],
];

/**
 * Every reference in one pass over the staging table; a row failing several is given the first
 * failing reference's reason, in the spec's order.
 */
export async function markUnknownReferences(
  trx: Knex,
  stg: string,
  refs: readonly Reference[],
): Promise<void> {
  if (!refs.length) return;
  const checks = refs.map((ref) => unknownReference(stg, ref));
  const reason = trx.raw(
    `CASE ${checks.map(([sql]) => `WHEN ${sql} THEN ?`).join(' ')} END`,
    refs.flatMap((ref, i) => [...checks[i]![1], ref.reason]),
  );
  await trx(stg)
    .where('bad', 0)
    .where((w) => {
      for (const [sql, ids] of checks) w.orWhereRaw(sql, ids);
    })
    .update({ bad: 1, reason });
}

export interface StagedCounts {
  staged: number;
  bad: number;
  /** Open rows of the target before this load (snapshot guard). */
  previousOpen: number;
  /** The target has no rows at all, open or closed: nothing can be updated. */
  targetEmpty: boolean;
}

const changedCondition = (spec: DatasetSpec, t: string, s: string): [string, string[]] => {
  const parts = ['?? IS NULL', '?? <> ??'];
  const ids = [`${t}.row_hash`, `${t}.row_hash`, `${s}.row_hash`];
  if (spec.mode === 'snapshot') {
    parts.push('?? IS NOT NULL');
    ids.push(`${t}.closed_at`);
  }
  return [`(${parts.join(' OR ')})`, ids];
};

export async function countStaged(trx: Knex, stg: string, spec: DatasetSpec): Promise<StagedCounts> {
  const staged = await count(trx(stg));
  const bad = await count(trx(stg).where('bad', 1));
  const previousOpen = spec.mode === 'snapshot' ? await count(trx(spec.table).whereNull('closed_at')) : 0;
  const targetEmpty =
    previousOpen === 0 && (await trx(spec.table).select(trx.raw('1')).first()) === undefined;
  return { staged, bad, previousOpen, targetEmpty };
}

/**
 * What the merge will insert and update, counted beforehand: for SQL Server, whose driver does
 * not report affected rows of a raw statement (SQLite and PostgreSQL do, saving two passes).
 */
export async function countChanges(
  trx: Knex,
  stg: string,
  spec: DatasetSpec,
): Promise<{ inserted: number; updated: number }> {
  const [match, ids] = keyMatch(spec, 't', 's');
  const [changed, changedIds] = changedCondition(spec, 't', 's');
  const inserted = await count(
    trx(`${stg} as s`)
      .where('s.bad', 0)
      .whereNotExists(trx(`${spec.table} as t`).select(trx.raw('1')).whereRaw(match, ids)),
  );
  const updated = await count(
    trx(`${stg} as s`)
      .join(`${spec.table} as t`, (j) => {
        for (const k of spec.key) j.on(`t.${k}`, '=', `s.${k}`);
      })
      .where('s.bad', 0)
      .whereRaw(changed, changedIds),
  );
  return { inserted, updated };
}

/** Rows a raw statement changed, where the driver says (better-sqlite3: changes; pg: rowCount). */
function affected(result: unknown): number | null {
  const r = result as { changes?: unknown; rowCount?: unknown } | null;
  if (typeof r?.changes === 'number') return r.changes;
  if (typeof r?.rowCount === 'number') return r.rowCount;
  return null;
}

/** SET fragments keeping the previous value of tracked columns; every SET reads the row's old values. */
function trackChanges(spec: DatasetSpec, target: string, runId: string): [string, string[]] {
  if (!spec.track?.length) return ['', []];
  const sql =
    spec.track.map(() => ', ?? = CASE WHEN ?? <> ?? THEN ?? ELSE ?? END').join('') + ', changed_run_id = ?';
  const ids = spec.track.flatMap(({ column, previous }) => [
    previous,
    `${target}.${column}`,
    `s.${column}`,
    `${target}.${column}`,
    `${target}.${previous}`,
  ]);
  return [sql, [...ids, runId]];
}

/**
 * UPDATE … FROM: SQLite (3.33+) and PostgreSQL share a syntax, SQL Server joins in FROM.
 * Only columns the source has are set: a file without an optional column leaves it alone.
 */
export async function applyUpdates(
  trx: Knex,
  stg: string,
  spec: DatasetSpec,
  now: string,
  present: ReadonlySet<string>,
  runId: string,
): Promise<number | null> {
  const cols = spec.columns
    .filter((c) => !spec.key.includes(c.name) && (c.required || present.has(c.name)))
    .map((c) => c.name);
  const sets = [...cols, 'row_hash'];
  const reopen = spec.mode === 'snapshot' ? ', closed_at = NULL' : '';
  const target = dialectOf(trx) === 'mssql' ? 't' : spec.table;
  const [tracked, trackedIds] = trackChanges(spec, target, runId);
  const [changed, changedIds] = changedCondition(spec, 't', 's');
  const setSql = sets.map(() => '?? = ??').join(', ');
  const setIds = sets.flatMap((c) => [c, `s.${c}`]);
  const [match, matchIds] = keyMatch(spec, 't', 's');
  if (dialectOf(trx) === 'mssql') {
    return affected(
      await trx.raw(
        `UPDATE t SET ${setSql}${tracked}, updated_at = ?${reopen} FROM ?? AS t INNER JOIN ?? AS s ON ${match} WHERE s.bad = 0 AND ${changed}`,
        [...setIds, ...trackedIds, now, spec.table, stg, ...matchIds, ...changedIds],
      ),
    );
  }
  // The target cannot take an alias in SQLite's UPDATE, so it is named in full.
  const [m2, m2Ids] = keyMatch(spec, spec.table, 's');
  const [c2, c2Ids] = changedCondition(spec, spec.table, 's');
  return affected(
    await trx.raw(
      `UPDATE ?? SET ${setSql}${tracked}, updated_at = ?${reopen} FROM ?? AS s WHERE s.bad = 0 AND ${m2} AND ${c2}`,
      [spec.table, ...setIds, ...trackedIds, now, stg, ...m2Ids, ...c2Ids],
    ),
  );
}

export async function insertNew(
  trx: Knex,
  stg: string,
  spec: DatasetSpec,
  now: string,
): Promise<number | null> {
  const cols = spec.columns.map((c) => c.name);
  const [match, ids] = keyMatch(spec, 't', 's');
  const select = trx(`${stg} as s`)
    .select([...cols.map((c) => `s.${c}`), 's.row_hash', trx.raw('? as updated_at', [now])])
    .where('s.bad', 0)
    .whereNotExists(trx(`${spec.table} as t`).select(trx.raw('1')).whereRaw(match, ids));
  const targetCols = [...cols, 'row_hash', 'updated_at'];
  if (spec.crmOwned) {
    select.select('s.new_id');
    targetCols.push('id');
  }
  if (spec.createdAt) {
    select.select(trx.raw('? as created_at', [now]));
    targetCols.push('created_at');
  }
  // SQLite: in key order the target's primary key index grows at its end, not at random pages
  // (a snapshot keyed by ref whose prefixes interleave: supply copied ~25 % faster).
  if (dialectOf(trx) === 'sqlite') select.orderBy(spec.key.map((k) => `s.${k}`));
  const sub = select.toSQL();
  return affected(
    await trx.raw(`INSERT INTO ?? (${targetCols.map(() => '??').join(', ')}) ${sub.sql}`, [
      spec.table,
      ...targetCols,
      ...sub.bindings,
    ]),
  );
}

/** Snapshot rows absent from the file are closed, not deleted; a key that was staged (even quarantined) stays open. */
export async function closeAbsent(
  trx: Knex,
  stg: string,
  spec: DatasetSpec,
  now: string,
  runId: string,
): Promise<number> {
  const [match, ids] = keyMatch(spec, 's', spec.table);
  const zero: Record<string, unknown> = Object.fromEntries((spec.closeToZero ?? []).map((c) => [c, 0]));
  for (const { column, previous } of spec.track ?? []) zero[previous] = trx.ref(column);
  if (spec.track?.length) zero.changed_run_id = runId;
  return trx(spec.table)
    .whereNull('closed_at')
    .whereNotExists(trx(`${stg} as s`).select(trx.raw('1')).whereRaw(match, ids))
    .update({ ...zero, closed_at: now, updated_at: now });
}

export interface BadStagedRow {
  line: number;
  reason: string;
  raw: string | null;
  [column: string]: unknown;
}

export async function pageBadRows(
  trx: Knex,
  stg: string,
  afterLine: number,
  limit: number,
): Promise<BadStagedRow[]> {
  return trx(stg).where('bad', 1).andWhere('line', '>', afterLine).orderBy('line').limit(limit);
}
