import type { Knex } from 'knex';
import { moneyNumber, parseMoney } from '../shared/money';
import { addDays, todayIso } from '../shared/time';
import { yearsBefore } from './account-knowledge.engine';
import type { AccountClass } from './commercial.engine';
import { daysBetween } from './fulfillment.engine';
import { type OpenLine, pipelineForecast, type QuoteLineTraits } from './pipeline-forecast.engine';
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
