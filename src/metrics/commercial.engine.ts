import { oneDecimal } from './fulfillment.engine';

/**
 * Quote hit rate and account classes, per the contract's definitions. Values are bigint money in
 * ten-thousandths (src/shared/money.ts), so value ratios are exact.
 */

export type QuoteDecision = 'accepted' | 'rejected' | 'expired';

export interface DecidedQuoteLine {
  decision: QuoteDecision;
  /** Net value of the line (quantity × net price). */
  netValue: bigint;
}

export interface HitRate {
  quotesDecided: number;
  quotesWon: number;
  hitRateCountPct: number | null;
  hitRateValuePct: number | null;
}

/** Over the catalog lines of quotes decided in a period: won / decided, by count and by value, × 100. */
export function hitRate(lines: DecidedQuoteLine[]): HitRate {
  const won = lines.filter((l) => l.decision === 'accepted');
  const valueDecided = lines.reduce((a, l) => a + l.netValue, 0n);
  const valueWon = won.reduce((a, l) => a + l.netValue, 0n);
  return {
    quotesDecided: lines.length,
    quotesWon: won.length,
    hitRateCountPct: lines.length ? oneDecimal(100 * won.length, lines.length) : null,
    hitRateValuePct: valueDecided > 0n ? oneDecimal(100n * valueWon, valueDecided) : null,
  };
}

export type AccountClass = 'A' | 'B' | 'C';

export interface AccountValue {
  accountId: string;
  erpCustomerId: string;
  /** Net ordered value over the last 12 months by order date. */
  value: bigint;
}

/**
 * ABC: accounts ranked by value (highest first, ties by ERP id ascending); `A` while the accounts
 * ranked before it make less than 80 % of the total, `B` while less than 95 %, else `C`. An account
 * without orders (value 0) is `C`.
 */
export function classifyAccounts(accounts: AccountValue[]): Map<string, AccountClass> {
  const ranked = [...accounts].sort((a, b) =>
    a.value !== b.value ? (a.value > b.value ? -1 : 1) : a.erpCustomerId < b.erpCustomerId ? -1 : 1,
  );
  const total = ranked.reduce((s, a) => s + (a.value > 0n ? a.value : 0n), 0n);
  const classes = new Map<string, AccountClass>();
  let before = 0n;
  for (const a of ranked) {
    // before / total < 80 %, in integers.
    const cls: AccountClass =
      a.value <= 0n ? 'C' : before * 100n < total * 80n ? 'A' : before * 100n < total * 95n ? 'B' : 'C';
    classes.set(a.accountId, cls);
    if (a.value > 0n) before += a.value;
  }
  return classes;
}
