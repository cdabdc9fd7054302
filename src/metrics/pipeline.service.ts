import type { Knex } from 'knex';
import { moneyNumber, parseMoney } from '../shared/money';
import { addDays, todayIso } from '../shared/time';
import { yearsBefore } from './account-knowledge.engine';
import type { AccountClass } from './commercial.engine';
import { daysBetween } from './fulfillment.engine';
import { type OpenLine, pipelineForecast, type QuoteLineTraits } from './pipeline-forecast.engine';
import { loadMetricFacts } from './metrics-facts';
import * as repo from './pipeline.repository';

export interface PipelineRow {
  family: string | null;
  month: string;
  openLines: number;
  openValue: number;
  weightedValue: number;
}

/**
 * A quote line's traits. The class is the account's stored one today (the class at the decision
 * is not kept); a line never sent or without a quoted date has lead time 0.
 */
function traitsOf(r: repo.ForecastQuoteLineRow): QuoteLineTraits {
  return {
    accountClass: (r.class ?? 'C') as AccountClass,
    family: r.family,
    leadDays: r.sent_at && r.quoted_date ? daysBetween(r.sent_at.slice(0, 10), r.quoted_date) : 0,
    discountPct: Number(r.discount_pct ?? 0),
  };
}

/** Open quote lines per family and month of their quoted date, weighted by the last 12 months' hit rates. */
export async function pipelineForecastRows(db: Knex, today = todayIso()): Promise<PipelineRow[]> {
  const [open, decided] = await Promise.all([
    repo.findOpenQuoteLines(db, today),
    repo.findDecidedForecastLines(db, yearsBefore(today, 1), addDays(today, 1)),
  ]);
  const lines = open
    .filter((r) => r.quoted_date !== null)
    .map(
      (r): OpenLine => ({
        ...traitsOf(r),
        month: r.quoted_date!.slice(0, 7),
        value: parseMoney(r.line_total),
      }),
    );
  const history = decided.map((r) => ({ ...traitsOf(r), won: r.status === 'accepted' }));
  return pipelineForecast(lines, history).map((r) => ({
    ...r,
    openValue: moneyNumber(r.openValue),
    weightedValue: moneyNumber(r.weightedValue),
  }));
}

/**
 * The orders on hand beside the forecast: the undelivered part of each open order line's value
 * (value × undelivered / ordered quantity), by family and month of its current promise (the
 * requested date while it has none). Lines promised up to a year back and two years ahead.
 */
export async function ordersOnHandRows(
  db: Knex,
  today = todayIso(),
): Promise<Array<{ family: string | null; month: string; onHandValue: number }>> {
  const facts = await loadMetricFacts(db, {
    fromDate: yearsBefore(today, 1),
    toDate: addDays(today, 730),
    byPromise: true,
  });
  const sums = new Map<string, { family: string | null; month: string; value: bigint }>();
  for (const l of facts.lines) {
    if (l.facts.cancelled || l.facts.quantityMilli <= 0) continue;
    const delivered = l.facts.shipments.reduce((s, x) => s + x.quantityMilli, 0);
    const open = l.facts.quantityMilli - delivered;
    if (open <= 0) continue;
    const month = (l.facts.versions.at(-1)?.confirmedDate ?? l.facts.requestedDate).slice(0, 7);
    const key = `${l.family ?? ''}\0${month}`;
    const row = sums.get(key) ?? { family: l.family, month, value: 0n };
    sums.set(key, row);
    row.value += (l.value * BigInt(open)) / BigInt(l.facts.quantityMilli);
  }
  return [...sums.values()].map((r) => ({
    family: r.family,
    month: r.month,
    onHandValue: moneyNumber(r.value),
  }));
}

/** The forecast and the orders on hand side by side, per family and month (either may be 0). */
export async function pipelineBesideOnHand(db: Knex, today = todayIso()) {
  const [forecast, onHand] = await Promise.all([
    pipelineForecastRows(db, today),
    ordersOnHandRows(db, today),
  ]);
  const rows = new Map<string, PipelineRow & { onHandValue: number }>();
  const keyOf = (r: { family: string | null; month: string }) => `${r.family ?? ''}\0${r.month}`;
  for (const f of forecast) rows.set(keyOf(f), { ...f, onHandValue: 0 });
  for (const o of onHand) {
    const row = rows.get(keyOf(o)) ?? {
      family: o.family,
      month: o.month,
      openLines: 0,
      openValue: 0,
      weightedValue: 0,
      onHandValue: 0,
    };
    row.onHandValue = o.onHandValue;
    rows.set(keyOf(o), row);
  }
  return [...rows.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
