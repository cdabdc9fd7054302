/**
 * Quantities travel as decimals (ERP: up to 3 places) and are computed as integer thousandths,
 * so ATP sums are exact. Parsed from the decimal's text, never through a float product.
 */
const SCALE = 1000;

export function toMilli(v: string | number): number {
  // Whole numbers (most quantities SQLite returns) scale exactly; -0 counts as 0, as its text does.
  if (typeof v === 'number' && Number.isInteger(v) && Number.isSafeInteger(v * SCALE)) return v * SCALE || 0;
  // Numbers (SQLite REAL values and sums) round to thousandths; text is parsed exactly.
  const s = typeof v === 'number' ? v.toFixed(3) : v;
  const fast = plainMilli(s);
  if (fast !== null) return fast;
  const m = /^(-?)(\d+)(?:\.(\d{0,3})\d*)?$/.exec(s.trim());
  if (!m) throw new Error(`not a quantity: ${String(v)}`);
  const milli = Number(m[2]) * SCALE + Number((m[3] ?? '').padEnd(3, '0'));
  return m[1] ? -milli : milli;
}

const DIGIT_0 = 48;
const MINUS = 45;
const DOT = 46;

/**
 * The common shape, `-?digits(.digits)?` with at most 15 whole digits, read character by character:
 * PostgreSQL returns every decimal as such text, and re-confirmation reads hundreds of thousands of
 * them, where the regular expression cost more than the rest of the parsing. Digits past the third
 * decimal are cut, as by the expression. Anything else (spaces, an exponent) answers null and takes
 * the expression's path.
 */
function plainMilli(s: string): number | null {
  const n = s.length;
  let i = s.charCodeAt(0) === MINUS ? 1 : 0;
  const start = i;
  let whole = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (i === start || i - start > 15) return null;
  let frac = 0;
  if (i < n) {
    if (s.charCodeAt(i) !== DOT) return null;
    for (let place = 100, j = i + 1; j < n; j++, place /= 10) {
      const d = s.charCodeAt(j) - DIGIT_0;
      if (d < 0 || d > 9) return null;
      if (place >= 1) frac += d * place;
    }
  }
  const milli = whole * SCALE + frac;
  return start === 1 ? -milli : milli;
}

export function fromMilli(n: number): number {
  return n / SCALE;
}

/** For storage in decimal(18,3) columns: exact text. */
export function milliText(n: number): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  const frac = String(a % SCALE)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(a / SCALE)}${frac ? `.${frac}` : ''}`;
}
