/**
 * The upsert of one row into an ERP staging table, as one statement: every value a bound parameter
 * named as its column, the (already checked and quoted) table the only text written in. HOLDLOCK:
 * without it two MERGEs of the same new row at once (two workers) could both find no row and both
 * insert. An unchanged row is not updated (the EXCEPT compares NULLs as equal), so a re-export
 * touches nothing the ERP would see as a change.
 */
export function upsertMergeSql(
  target: string,
  columns: readonly string[],
  key: readonly string[],
  /** The match of target row `t` and source row `s` on the key. */
  on: string,
): string {
  const data = columns.filter((c) => !key.includes(c));
  const list = (cols: readonly string[], prefix = '') => cols.map((c) => `${prefix}[${c}]`).join(', ');
  return [
    `MERGE INTO ${target} WITH (HOLDLOCK) AS t`,
    `USING (SELECT ${columns.map((c) => `@${c} AS [${c}]`).join(', ')}) AS s`,
    `ON ${on}`,
    `WHEN MATCHED AND EXISTS (SELECT ${list(data, 's.')} EXCEPT SELECT ${list(data, 't.')}) THEN`,
    `UPDATE SET ${data.map((c) => `t.[${c}] = s.[${c}]`).join(', ')}`,
    'WHEN NOT MATCHED BY TARGET THEN',
    `INSERT (${list(columns)}) VALUES (${list(columns, 's.')});`,
  ].join('\n');
}
