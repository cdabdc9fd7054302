/** One physical row of a dropped file, before the header gives its cells a meaning. */
export interface CellRow {
  /** CSV: physical line where the record starts; XLSX: sheet row number. */
  line: number;
  /** Trimmed text per column position; null for an empty cell. */
  cells: (string | null)[];
  problem?: string;
}

export const isBlank = (cells: readonly (string | null)[]): boolean => cells.every((c) => c === null);
