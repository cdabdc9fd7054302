import type { AccountKnowledgeView } from '../metrics';

/** A money figure of the metrics' JSON (a number) as the pages write it: 1,234.50. */
export const amount = (n: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (pct: number | null): string | null => (pct === null ? null : `${pct > 0 ? '+' : ''}${pct} %`);

/** An account's knowledge in the words and figures the pages show. */
export function knowledgeView(k: AccountKnowledgeView) {
  return {
    ...k,
    classValueText: k.classValue === null ? null : amount(k.classValue),
    value12mText: amount(k.value12m),
    valuePrev12mText: amount(k.valuePrev12m),
    trendText: signed(k.trendPct),
    falling: k.trendPct !== null && k.trendPct < 0,
    signalDetails: k.signals.map((s) => ({ path: s.rule, message: s.reason })),
    hitRateText: k.hitRateCountPct === null ? '—' : `${k.hitRateCountPct} %`,
    hitRatePrevText: k.hitRatePrevCountPct === null ? '—' : `${k.hitRatePrevCountPct} %`,
  };
}
