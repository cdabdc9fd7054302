import type { Knex } from 'knex';
import { findSiteTimezones } from '../atp';
import { awaitsChoice, basisOfRow, datesOf } from '../orders';
import { toMilli } from '../shared/quantity';
import { todayIn, todayIso } from '../shared/time';
import type { AlertableLine } from './alerts.engine';
import * as repo from './alerts.repository';

export interface LineToCheck {
  row: repo.AlertableLineRow;
  line: AlertableLine;
  /** The business day at the line's site, as ATP and re-confirmation date it. */
  today: string;
}

/**
 * The lines the alerts job checks, each with its promise as the customer was told it (contract:
 * "Where a promise is kept"): the ship date, or under a D term the arrival date, kept once shipped
 * in full, or under a D term delivered in full; and today as the line's site counts it, so an
 * alert is not raised a day early or late for a plant far from UTC.
 */
export async function loadLinesToCheck(db: Knex, now: Date, horizon: string): Promise<LineToCheck[]> {
  const rows = await repo.findAlertableLines(db, horizon);
  if (!rows.length) return [];
  const [delivered, zones] = await Promise.all([
    repo.findDeliveredQuantities(db, [...new Set(rows.map((r) => r.number))]),
    findSiteTimezones(db),
  ]);
  const deliveredOf = new Map(
    delivered.map((d) => [`${d.order_ref}\u0000${Number(d.order_line_no)}`, d.delivered]),
  );
  const dayAt = new Map(zones.map((z) => [z.site_code, todayIn(z.timezone, now)]));
  return rows.map((row) => {
    const basis = basisOfRow(row);
    const { promisedDate, promisedBy } = datesOf(row.confirmed_date, basis);
    const done =
      promisedBy === 'arrival'
        ? (deliveredOf.get(`${row.number}\u0000${Number(row.line_no)}`) ?? 0)
        : (row.shipped_qty ?? 0);
    return {
      row,
      line: {
        lineId: row.id,
        promisedDate,
        kept: toMilli(done) >= toMilli(row.quantity),
        slipAwaitingChoice: awaitsChoice({ ...row, open: true }) ? row.slipped_at : null,
      },
      today: dayAt.get(row.site_code) ?? todayIso(now),
    };
  });
}
