/**
 * A slip's reason in a buyer's words. Re-confirmation explains a slip for planners (ERP order
 * numbers, stock figures, "the line 2 is now confirmed…"); a buyer is told what happened to its
 * delivery, never our internal documents. Pure, so each wording is tested by a table.
 */
const RULES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/passed without shipment/, () => 'it did not leave our plant on the promised date'],
  [
    /purchase order \S+ (moved|reduced|is no longer)/,
    () => 'a delivery from our supplier is late or smaller than planned',
  ],
  [/production order \S+ (moved|reduced|is no longer)/, () => 'the production run making it was rescheduled'],
  [/transfer \S+ (moved|reduced|is no longer)/, () => 'a transfer from another of our plants was delayed'],
  [/stock at \S+ reduced/, () => 'stock we had planned for it is no longer available'],
  [
    /ships complete and its line (\d+)/,
    (m) => `your order ships complete, and its line ${m[1]} will be ready later`,
  ],
  [/no longer covers the line/, () => 'we cannot yet confirm when the missing quantity will be ready'],
];

export function buyerReason(slipReason: string | null): string {
  const text = slipReason ?? '';
  const said = new Set<string>();
  for (const [pattern, words] of RULES) {
    const m = text.match(pattern);
    if (m) said.add(words(m));
  }
  if (!said.size) said.add('our production and supply plan changed');
  return [...said].join('; ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-12-17 as "17 Dec 2026": no reader mistakes the day for the month. */
export function buyerDate(date: string | null): string {
  if (!date) return 'a date we cannot confirm yet';
  const [y, m, d] = date.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}
