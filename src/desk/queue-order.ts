/**
 * The order of every queue and history list: by one column, then by id in the same direction, so
 * rows that tie on the column (two requests in the same millisecond) keep one order across reads.
 */
export const byThenId = (
  column: string,
  order: 'asc' | 'desc' = 'asc',
  id = column.replace(/[^.]+$/, 'id'),
) => [
  { column, order },
  { column: id, order },
];
