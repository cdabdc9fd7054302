import type { Knex } from 'knex';
import { moneyNumber } from '../shared/money';
import { todayIso } from '../shared/time';
import { churnFigures, type LossInput, lossFigures, type PromiseMove } from './churn.engine';
import { loadDecisions, loadLineMoves } from './metrics-facts';
import type { ChurnRow, LossRow, RangeQuery } from './metrics.schemas';
import { type ComputedRow, inRange, keyOf, type MetricsRange, monthEnd, parseRange } from './metrics.service';

/** The API's query; the metrics page narrows to a family or site as well. */
type ChurnQuery = RangeQuery & { family?: string; site?: string };

const wanted = (q: ChurnQuery, g: { family: string | null; site: string | null }) =>
  (q.family === undefined || g.family === q.family) && (q.site === undefined || g.site === q.site);

/** The range's days, of the query's account when it names one. */
const selectionOf = (range: MetricsRange, q: ChurnQuery) => ({
  fromDate: `${range.from}-01`,
  toDate: monthEnd(range.to),
  byPromise: false,
  ...(q.accountId !== undefined && { accountId: q.accountId }),
});

type Keys = Pick<ComputedRow, 'period' | 'accountId' | 'erpCustomerId' | 'family' | 'site'>;

/** Collects items under their row's keys; rows come sorted by their keys, as the figures' rows do. */
function grouper<T>(range: MetricsRange) {
  const groups = new Map<string, { row: Keys; items: T[] }>();
  return {
    add(period: string, facts: Parameters<typeof keyOf>[2], item: T) {
      const { key, row } = keyOf(range, period, facts);
      const group = groups.get(key) ?? groups.set(key, { row, items: [] }).get(key)!;
      group.items.push(item);
    },
    sorted: () => [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g),
  };
}

/**
 * GET /api/metrics/promise-churn: the moves of promises recorded in each period (the month of the
 * ledger version that moved the date), by the line's account, family and site.
 */
export async function promiseChurn(db: Knex, q: ChurnQuery): Promise<{ rows: ChurnRow[] }> {
  const range = parseRange(q, todayIso());
  const lines = await loadLineMoves(db, { ...selectionOf(range, q), byLedger: true });
  const groups = grouper<PromiseMove[]>(range);
  for (const line of lines.filter((l) => wanted(q, l))) {
    const byMonth = new Map<string, PromiseMove[]>();
    for (const m of line.moves) {
      const month = m.on.slice(0, 7);
      if (inRange(range, month)) (byMonth.get(month) ?? byMonth.set(month, []).get(month)!).push(m);
    }
    for (const [month, moves] of byMonth) groups.add(month, line, moves);
  }
  return { rows: groups.sorted().map(({ row, items }) => ({ ...row, ...churnFigures(items) })) };
}

/** GET /api/metrics/quote-losses: the quote lines lost in each period (the decision's), by reason. */
export async function quoteLosses(db: Knex, q: ChurnQuery): Promise<{ rows: LossRow[] }> {
  const range = parseRange(q, todayIso());
  const decisions = await loadDecisions(db, selectionOf(range, q));
  const groups = grouper<LossInput>(range);
  for (const d of decisions.filter((x) => wanted(q, x))) {
    const month = d.decidedOn.slice(0, 7);
    if (inRange(range, month)) groups.add(month, d, d);
  }
  return {
    rows: groups.sorted().map(({ row, items }) => {
      const f = lossFigures(items);
      return {
        ...row,
        quotesDecided: f.quotesDecided,
        quotesLost: f.quotesLost,
        valueLost: moneyNumber(f.valueLost),
        byReason: f.byReason.map((r) => ({ ...r, value: moneyNumber(r.value) })),
      };
    }),
  };
}
