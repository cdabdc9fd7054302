/** Splits rows so that every multi-row statement stays within SQL Server's 2,100 parameters (and 1,000 VALUES rows). */
export const chunks = <T>(rows: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Rows per INSERT for a table of `columns` columns: within 2,100 parameters with room to spare. */
export const rowsPerInsert = (columns: number): number =>
  Math.max(1, Math.min(900, Math.floor(2000 / columns)));

/** Keys per IN list: well within SQL Server's 2,100 parameters. */
export const IN_CHUNK = 500;

/** A read by an IN list of keys, deduplicated and split into lists of IN_CHUNK, the rows concatenated. */
export async function readInChunks<T>(
  keys: readonly string[],
  read: (part: string[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunks([...new Set(keys)], IN_CHUNK)) out.push(...(await read(part)));
  return out;
}
