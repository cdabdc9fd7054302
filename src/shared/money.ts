/**
 * Money is computed in integer ten-thousandths (bigint), the precision of the ERP's unit prices,
 * and rounded half away from zero — commercial rounding — to the currency's minor unit only
 * where an amount is final (a line total). No binary float ever holds a sum: 0.1 + 0.2 is 0.3.
 */
export type Money = bigint;

const PLACES = 4;
const SCALE = 10n ** BigInt(PLACES);
/** Discounts are percentages with up to 3 places, computed in thousandths of a percent. */
const PCT_SCALE = 1000n;
const HUNDRED_PCT = 100n * PCT_SCALE;
/** Quantities arrive in integer thousandths (src/shared/quantity.ts). */
const QTY_SCALE = 1000n;

/** ISO 4217 minor units where they are not 2. */
const MINOR_UNITS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  CLP: 0,
  ISK: 0,
  HUF: 2,
  VND: 0,
  BHD: 3,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
  LYD: 3,
  IQD: 3,
};

export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

function parseScaled(v: string | number, places: number, what: string): bigint {
  // Numbers come from drivers (SQLite REAL, pg numeric as number) and JSON; text is exact.
  const s = typeof v === 'number' ? v.toFixed(places) : v.trim();
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new Error(`not ${what}: ${String(v)}`);
  const frac = (m[3] ?? '').padEnd(places, '0');
  // A value given with more places than we keep is rounded, never truncated.
  const kept = BigInt(m[2]! + frac.slice(0, places));
  const rounded = frac.length > places && Number(frac[places]) >= 5 ? kept + 1n : kept;
  return m[1] ? -rounded : rounded;
}

function scaledText(n: bigint, places: number): string {
  const sign = n < 0n ? '-' : '';
  const a = n < 0n ? -n : n;
  const scale = 10n ** BigInt(places);
  const frac = (a % scale).toString().padStart(places, '0').replace(/0+$/, '');
  return `${sign}${a / scale}${frac ? `.${frac}` : ''}`;
}

/** Divides, rounding half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const up = (r < 0n ? -r : r) * 2n >= d;
  if (!up) return q;
  return n < 0n !== d < 0n ? q - 1n : q + 1n;
}

export const parseMoney = (v: string | number): Money => parseScaled(v, PLACES, 'an amount');
/** Canonical decimal text for storage in decimal(18,4) columns ("12.5", "0.3"). */
export const moneyText = (m: Money): string => scaledText(m, PLACES);
/** For JSON: a number made once from the exact text, so 0.3 reads as 0.3. */
export const moneyNumber = (m: Money): number => Number(moneyText(m));

export const parsePct = (v: string | number): bigint => parseScaled(v, 3, 'a percentage');
export const pctText = (p: bigint): string => scaledText(p, 3);
export const pctNumber = (p: bigint): number => Number(pctText(p));

/** Rounds to the currency's minor unit (still in ten-thousandths). */
export function roundToCurrency(m: Money, currency: string): Money {
  const step = 10n ** BigInt(PLACES - minorUnits(currency));
  return divRound(m, step) * step;
}

/** The unit price after the line's discount, kept at the unit price's precision. */
export function netUnitPrice(unitPrice: Money, discountPct: bigint): Money {
  return divRound(unitPrice * (HUNDRED_PCT - discountPct), HUNDRED_PCT);
}

/** Net price times quantity (in thousandths), rounded to the currency: the amount invoiced. */
export function lineTotal(netPrice: Money, qtyMilli: number, currency: string): Money {
  return roundToCurrency(divRound(netPrice * BigInt(qtyMilli), QTY_SCALE), currency);
}

export const sumMoney = (amounts: Money[]): Money => amounts.reduce((a, b) => a + b, 0n);

/** How far the net price lies below the reference price, in thousandths of a percent (0 when at or above). */
export function effectiveDiscount(reference: Money | null, net: Money, statedPct: bigint): bigint {
  if (reference === null || reference <= 0n) return statedPct;
  if (net >= reference) return 0n;
  return divRound((reference - net) * HUNDRED_PCT, reference);
}

/** "1,234.50" with the currency's minor units, for documents and e-mails. */
export function formatMoney(m: Money, currency: string): string {
  const places = minorUnits(currency);
  const rounded = roundToCurrency(m, currency);
  const sign = rounded < 0n ? '-' : '';
  const a = rounded < 0n ? -rounded : rounded;
  const whole = (a / SCALE).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (a % SCALE).toString().padStart(PLACES, '0').slice(0, places);
  return `${sign}${whole}${places ? `.${frac}` : ''}`;
}
