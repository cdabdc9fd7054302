/**
 * Quantities travel as decimals (ERP: up to 3 places) and are computed as integer thousandths,
 * so ATP sums are exact. Parsed from the decimal's text, never through a float product.
 */
const SCALE = 1000;

export function toMilli(v: string | number): number {
  // Whole numbers (most quantities SQLite returns) scale exactly; -0 counts as 0, as its text does.
  if (typeof v === 'number' && Number.isInteger(v) && Number.isSafeInteger(v * SCALE)) return v * SCALE || 0;
  // Numbers (SQLite REAL values and sums) round to thousandths; text is parsed exactly.
  const s = typeof v === 'number' ? v.toFixed(3) : v.trim();
  const m = /^(-?)(\d+)(?:\.(\d{0,3})\d*)?$/.exec(s);
  if (!m) throw new Error(`not a quantity: ${String(v)}`);
  const milli = Number(m[2]) * SCALE + Number((m[3] ?? '').padEnd(3, '0'));
  return m[1] ? -milli : milli;
}

export function fromMilli(n: number): number {
  return n / SCALE;
}

/** For storage in decimal(18,3) columns: exact text. */
export function milliText(n: number): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  const frac = String(a % SCALE).padStart(3, '0').replace(/0+$/, '');
  return `${sign}${Math.floor(a / SCALE)}${frac ? `.${frac}` : ''}`;
}
