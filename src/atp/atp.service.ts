import type { Knex } from 'knex';
import { readTogether } from '../shared/db/knex';
import { AppError, ErrorDetail, notFound } from '../shared/errors';
import { addDays, todayIn, todayIso } from '../shared/time';
import * as repo from './atp.repository';
import { computeBuckets } from './atp.engine';
import type { DatedQty, DateSource, PromiseResult, Replenishment, SupplyPicture } from './atp.types';
import { deductCapacity } from './capacity.engine';
import { promise } from './promise.engine';
import { fromMilli, toMilli } from '../shared/quantity';
import type { AvailabilityQuery, CheckBody } from './atp.schemas';

/** How far ahead a promise may fall; beyond it a line stays unconfirmed for a planner to decide. */
export const HORIZON_DAYS = 365;

const dated = (rows: Array<{ date: string; qty: string | number }>): DatedQty[] =>
  rows.map((r) => ({ date: r.date, qty: toMilli(r.qty) }));

/**
 * The reads are independent, so they are sent at once: on PostgreSQL and SQL Server they run side
 * by side on pooled connections (one sum of them was most of an availability request's time); on
 * SQLite's one connection and inside a transaction they run in turn. The site's today (its time
 * zone's date, UTC's when it has none) is read with them: it is never more than a day from UTC's,
 * so supply and demand are read a day past UTC's horizon and cut at the site's.
 * `today`: a fixed date instead of the site's (a quote priced as of a day).
 */
export async function loadPicture(
  db: Knex,
  sku: string,
  site: string,
  today?: string,
): Promise<SupplyPicture> {
  const readTo = addDays(today ?? todayIso(), HORIZON_DAYS + 1);
  const [stock, scheduled, newSupply, erpDemand, confirmed, zone] = await readTogether(db, [
    () => repo.findAvailableStock(db, sku, site),
    () => repo.findOpenReceipts(db, sku, site, readTo),
    () => repo.findNewSupply(db, sku, site),
    () => repo.findOpenErpDemand(db, sku, site, readTo),
    () => repo.findConfirmedDemand(db, sku, site),
    () => (today ? Promise.resolve(null) : repo.findSiteTimezone(db, site)),
  ] as const);
  const day = today ?? todayIn(zone);
  const horizon = addDays(day, HORIZON_DAYS);
  const receipts = [...scheduled.filter((r) => r.date <= horizon), ...newSupply];
  const demand = [...erpDemand.filter((r) => r.date <= horizon), ...confirmed];
  // Blocked stock (quality hold) is not available to promise.
  const onHand = stock ? Math.max(0, toMilli(stock.on_hand) - toMilli(stock.blocked)) : 0;
  return { today: day, onHand, receipts: dated(receipts), demand: dated(demand) };
}

async function loadCapacity(
  db: Knex,
  family: string,
  site: string,
  from: string,
  horizon: string,
): Promise<DatedQty[] | undefined> {
  const capacity = dated(await repo.findCapacity(db, family, site, from, horizon));
  if (!capacity.length) return undefined;
  return deductCapacity(capacity, dated(await repo.findCapacityBooked(db, family, site, from, horizon)));
}

export interface LinePromise extends PromiseResult {
  sku: string;
  site: string;
  family: string | null;
}

/**
 * Promises lines one after another against one consistent view: each line sees the lines before
 * it (their confirmations as demand, their capacity taken). The caller persists what it keeps.
 */
export class Promiser {
  private readonly pictures = new Map<string, SupplyPicture>();
  private readonly capacities = new Map<string, DatedQty[] | undefined>();
  private readonly items = new Map<string, repo.ItemPlanningRow>();

  /** `today`: one date for every site (a quote priced as of a day); otherwise each site's own (see loadPicture). */
  constructor(
    private readonly db: Knex,
    private readonly today?: string,
  ) {}

  async item(sku: string): Promise<repo.ItemPlanningRow | undefined> {
    if (!this.items.has(sku)) {
      const item = await repo.findPlanningItem(this.db, sku);
      if (item) this.items.set(sku, item);
    }
    return this.items.get(sku);
  }

  async picture(sku: string, site: string): Promise<SupplyPicture> {
    const key = `${sku}\u0001${site}`;
    if (!this.pictures.has(key)) this.pictures.set(key, await loadPicture(this.db, sku, site, this.today));
    return this.pictures.get(key)!;
  }

  /** From the picture's today: the site's own. */
  private async replenishment(
    item: repo.ItemPlanningRow,
    site: string,
    today: string,
  ): Promise<Replenishment> {
    const horizon = addDays(today, HORIZON_DAYS);
    const rep: Replenishment = {
      makeOrBuy: item.make_or_buy,
      leadTimeDays: Number(item.lead_time_days),
      horizon,
    };
    if (item.make_or_buy === 'make' && item.family) {
      const key = `${item.family}\u0001${site}`;
      if (!this.capacities.has(key))
        this.capacities.set(key, await loadCapacity(this.db, item.family, site, today, horizon));
      const capacity = this.capacities.get(key);
      if (capacity) rep.capacity = capacity;
    }
    return rep;
  }

  async promiseLine(
    sku: string,
    site: string,
    req: { qty: number; requestedDate: string; allowPartial: boolean },
  ): Promise<LinePromise> {
    const item = await this.item(sku);
    if (!item) throw notFound('Item');
    const picture = await this.picture(sku, site);
    const result = promise(picture, req, await this.replenishment(item, site, picture.today));
    picture.demand.push(...result.confirmations);
    if (result.newSupply > 0 && result.confirmedDate)
      picture.receipts.push({ date: result.confirmedDate, qty: result.newSupply });
    if (item.make_or_buy === 'make' && item.family && result.capacityUsed.length) {
      const key = `${item.family}\u0001${site}`;
      this.capacities.set(key, deductCapacity(this.capacities.get(key) ?? [], result.capacityUsed));
    }
    return { ...result, sku, site, family: item.family };
  }
}

export async function resolveSite(
  db: Knex,
  sku: string,
  site: string | undefined,
  path: string,
  problems: ErrorDetail[],
): Promise<string> {
  if (site !== undefined) {
    if (!(await repo.siteExists(db, site))) problems.push({ path, message: `unknown site ${site}` });
    return site;
  }
  const fallback = await repo.findDefaultSite(db, sku);
  if (!fallback) problems.push({ path, message: 'no site is known; name one' });
  return fallback ?? '';
}

/** Checks every sku of a request before anything is promised; all problems at once, as 422. */
export async function assertItemsExist(db: Knex, skus: Array<{ sku: string; path: string }>): Promise<void> {
  const found = new Set(
    (await repo.findPlanningItems(db, [...new Set(skus.map((s) => s.sku))]))
      .filter((i) => Boolean(i.active))
      .map((i) => i.sku),
  );
  const problems = skus
    .filter((s) => !found.has(s.sku))
    .map((s) => ({ path: s.path, message: `unknown or inactive sku ${s.sku}` }));
  if (problems.length)
    throw new AppError('business_rule', 'Some lines name items that cannot be promised', problems);
}

export const toConfirmations = (c: DatedQty[]) =>
  c.map((x) => ({ date: x.date, quantity: fromMilli(x.qty) }));

export async function availability(db: Knex, sku: string, q: AvailabilityQuery) {
  const problems: ErrorDetail[] = [];
  // Independent reads, sent together (see loadPicture).
  const [item, site] = await readTogether(db, [
    () => repo.findPlanningItem(db, sku),
    () => resolveSite(db, sku, q.site, '/site', problems),
  ] as const);
  if (!item) throw notFound('Item');
  if (problems.length) throw new AppError('not_found', problems[0]!.message);
  if (q.from && q.to && q.to < q.from)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/to', message: 'must not be before from' },
    ]);
  const picture = await loadPicture(db, sku, site);
  const range = { ...(q.from && { from: q.from }), ...(q.to && { to: q.to }) };
  const buckets = computeBuckets(picture, range).map((b) => ({
    date: b.date,
    receipts: fromMilli(b.receipts),
    demand: fromMilli(b.demand),
    atp: fromMilli(b.atp),
  }));
  return { sku, site, buckets };
}

/** POST /api/atp/check: promises without reserving. */
export async function check(db: Knex, body: CheckBody) {
  await assertItemsExist(
    db,
    body.lines.map((l, i) => ({ sku: l.sku, path: `/lines/${i}/sku` })),
  );
  const problems: ErrorDetail[] = [];
  const sites: string[] = [];
  for (const [i, l] of body.lines.entries())
    sites.push(await resolveSite(db, l.sku, l.site ?? body.site, `/lines/${i}/site`, problems));
  if (problems.length) throw new AppError('business_rule', 'Some lines cannot be checked', problems);
  const promiser = new Promiser(db);
  const lines = [];
  for (const [i, l] of body.lines.entries()) {
    const p = await promiser.promiseLine(l.sku, sites[i]!, {
      qty: toMilli(l.quantity),
      requestedDate: l.requestedDate,
      allowPartial: Boolean(l.allowPartial),
    });
    lines.push({
      sku: l.sku,
      site: p.site,
      quantity: l.quantity,
      requestedDate: l.requestedDate,
      confirmations: toConfirmations(p.confirmations),
      confirmedDate: p.confirmedDate,
      source: p.source as DateSource,
    });
  }
  return { lines };
}
