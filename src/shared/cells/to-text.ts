/**
 * Every connector hands the sync engine raw text, so that one validation path judges every
 * source alike: a cell typed by Excel or a column typed by SQL Server must read exactly as the
 * same value written in a CSV file.
 */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return trimToNull(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return formatDate(value);
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return trimToNull(String(value));
}

export function trimToNull(s: string): string | null {
  const t = s.trim();
  return t === '' ? null : t;
}

/**
 * Excel and SQL Server `date` columns arrive as a Date at UTC midnight: the contract's dates are
 * `YYYY-MM-DD`, so a midnight value is a date and anything else is a timestamp (ISO-8601).
 */
export function formatDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** A row whose bytes were not UTF-8 decodes with U+FFFD replacement characters. */
export const INVALID_UTF8 = 'invalid UTF-8 (the file must be UTF-8)';
export const hasReplacementChar = (cells: readonly (string | null)[]): boolean =>
  cells.some((c) => c !== null && c.includes('\uFFFD'));
