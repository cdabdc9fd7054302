import type { Knex } from 'knex';
import {
  HORIZON_DAYS,
  type DatedQty,
  type SupplyPicture,
  type ItemPlanningRow,
  findSiteTimezones,
} from '../atp';
import { toMilli } from '../shared/quantity';
import { addDays, byDate, todayIn, todayIso } from '../shared/time';
import { currentTime } from '../shared/clock';
import { type Allocation, allocationsOfAccounts } from '../accounts';
import * as rc from './reconfirm.repository';

/** What re-confirmation reads: ERP supply and demand only; every open line's promise is re-earned in order. */
export interface Planning {
  /** The day lines are decided as of: set per site's day when lines are decided (decideBySite). */
  today: string;
  horizon: string;
  /** Each site's today, in its time zone: a plant promises from its own date. */
  todays: Map<string, string>;
  /** The latest date anything read is dated: the horizon, or a later confirmation, receipt or demand. */
  lastDate: string;
  items: Map<string, ItemPlanningRow>;
  pictures: Map<string, SupplyPicture>;
  capacity: Map<string, DatedQty[]>;
  /** Supply rows the run changed (for the reasons given). */
  changedSupply: rc.SupplyRow[];
  stock: rc.StockRow[];
  bookings: Map<string, DatedQty[]>;
  versions: Map<string, number>;
  /** Each account's allocation strategy, for the accounts an admin switched it on for (reconfirm-allocate.ts). */
  allocations: Map<string, Allocation>;
  /** today + lead time, by lead time: filled as lines ask. */
  ready?: Map<number, string>;
}

export const key = (a: string, b: string): string => `${a}\u0001${b}`;

/** The site's today; a site the ERP never sent counts in UTC, as the plan's own today. */
export const todayOf = (plan: Pick<Planning, 'todays' | 'today'>, site: string): string =>
  plan.todays.get(site) ?? plan.today;

/** Every site's today: the date in its time zone now. */
export async function siteTodays(db: Knex, now: Date = currentTime()): Promise<Map<string, string>> {
  return new Map((await findSiteTimezones(db)).map((s) => [s.site_code, todayIn(s.timezone, now)]));
}

export const push = <T>(m: Map<string, T[]>, k: string, v: T) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);

/** An open line with its held confirmations, in date order. */
export type PlannedLine = rc.OpenLineRow;

/**
 * `todays`: each site's today (siteTodays); a picture counts from its site's today to its horizon.
 * `allOpen`: the skus are those of every open line, so their bookings are read by one join on the open lines.
 */
export async function loadPlanning(
  db: Knex,
  lines: ReadonlyArray<{ confirmations: DatedQty[] }>,
  skus: string[],
  runId: string | null,
  todays: Map<string, string>,
  allOpen = false,
): Promise<Planning> {
  const today = todayIso();
  // Read up to the latest horizon of any site; each picture keeps what its own site's horizon covers.
  const days = [today, ...todays.values()].sort();
  const todayAt = (site: string) => todayOf({ todays, today }, site);
  const horizons = new Map<string, string>();
  const horizonOf = (site: string): string =>
    horizons.get(site) ?? horizons.set(site, addDays(todayAt(site), HORIZON_DAYS)).get(site)!;
  const horizon = addDays(days.at(-1)!, HORIZON_DAYS);
  const itemRows = await rc.findPlanningItemsBySkus(db, skus);
  const items = new Map<string, ItemPlanningRow>(itemRows.map((i) => [i.sku, i]));
  // The versions as read: a sku whose version moved by more than the run's own lock had an order meanwhile.
  const versions = new Map(itemRows.map((i) => [i.sku, Number(i.atp_version)]));
  const pictures = new Map<string, SupplyPicture & { horizon: string }>();
  const picture = (sku: string, site: string): SupplyPicture & { horizon: string } => {
    const k = key(sku, site);
    let p = pictures.get(k);
    if (!p)
      pictures.set(
        k,
        (p = { today: todayAt(site), horizon: horizonOf(site), onHand: 0, receipts: [], demand: [] }),
      );
    return p;
  };
  const stock = await rc.findStockBySkus(db, skus);
  for (const s of stock)
    picture(s.sku, s.site_code).onHand = Math.max(0, toMilli(s.on_hand) - toMilli(s.blocked));
  for (const [sku, site, date, qty] of await rc.findOpenSupplyBySkus(db, skus, horizon)) {
    const p = picture(sku, site);
    if (date <= p.horizon) p.receipts.push({ date, qty: toMilli(qty) });
  }
  const changedSupply = runId ? await rc.findSupplyChangedInRun(db, skus, runId) : [];
  for (const [sku, site, date, qty] of await rc.findErpDemandBySkus(db, skus, horizon)) {
    const p = picture(sku, site);
    if (date <= p.horizon) p.demand.push({ date, qty: toMilli(qty) });
  }
  const families = [
    ...new Set([...items.values()].filter((i) => i.make_or_buy === 'make' && i.family).map((i) => i.family!)),
  ];
  const capacity = new Map<string, DatedQty[]>();
  for (const c of await rc.findCapacityByFamilies(db, families, days[0]!, horizon)) {
    if (c.date >= todayAt(c.site_code) && c.date <= horizonOf(c.site_code))
      push(capacity, key(c.family, c.site_code), { date: c.date, qty: toMilli(c.units) });
  }
  let lastDate = horizon;
  for (const l of lines) for (const c of l.confirmations) if (c.date > lastDate) lastDate = c.date;
  for (const p of pictures.values()) {
    for (const e of p.receipts) if (e.date > lastDate) lastDate = e.date;
    for (const e of p.demand) if (e.date > lastDate) lastDate = e.date;
  }
  const bookings = new Map<string, DatedQty[]>();
  for (const b of await (allOpen ? rc.findOpenLineBookings(db) : rc.findBookingsBySkus(db, skus)))
    push(bookings, b.order_line_id, { date: b.date, qty: toMilli(b.units) });
  // Read unordered: each line's bookings in date order, as promises state them.
  for (const rows of bookings.values()) if (rows.length > 1) rows.sort(byDate);
  const allocations = await allocationsOfAccounts(db);
  return {
    today,
    horizon: addDays(today, HORIZON_DAYS),
    todays,
    lastDate,
    items,
    pictures,
    capacity,
    changedSupply,
    stock,
    bookings,
    versions,
    allocations,
  };
}
