/**
 * Rounding every figure shown to one decimal goes through (the contract: half away from zero), kept
 * in shared so that any domain's figures (metrics, service cases) round alike without importing each other.
 */

/** Rounds n / d to one decimal, half away from zero, exactly (integers or bigints in, no float division). */
export function oneDecimal(n: number | bigint, d: number | bigint): number {
  const num = BigInt(typeof n === 'bigint' ? n : Math.round(n)) * 10n;
  const den = BigInt(typeof d === 'bigint' ? d : Math.round(d));
  if (den === 0n) throw new Error('oneDecimal: division by zero');
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  let tenths = a / b;
  if ((a % b) * 2n >= b) tenths += 1n;
  return Number(negative ? -tenths : tenths) / 10;
}
