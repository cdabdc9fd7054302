import type { Knex } from 'knex';
import { toMilli } from '../shared/quantity';
import { addDays } from '../shared/time';
import * as repo from './atp.repository';
import { HORIZON_DAYS } from './atp.service';
import type { DatedQty, SupplyPicture } from './atp.types';

const key = (sku: string, site: string) => `${sku}\u0001${site}`;

function byPair(rows: readonly repo.SiteDatedQty[]): Map<string, repo.SiteDatedQty[]> {
  const out = new Map<string, repo.SiteDatedQty[]>();
  for (const r of rows) {
    const k = key(r.sku, r.site_code);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

const datedUpTo = (rows: readonly repo.SiteDatedQty[] | undefined, horizon: string | null): DatedQty[] =>
  (rows ?? []).flatMap((r) =>
    horizon === null || r.date <= horizon ? [{ date: r.date, qty: toMilli(r.qty) }] : [],
  );

/**
 * The supply pictures of many (sku, site) pairs in five reads, however many pairs: what
 * loadPicture gives for each, read once per sku set instead of six queries a pair (the risk
 * recompute after a sync scores every open line, and the reads per pair were most of its time).
 * `todayOf` gives each site's today.
 */
export async function loadPictures(
  db: Knex,
  pairs: ReadonlyArray<{ sku: string; site: string }>,
  todayOf: (site: string) => string,
): Promise<(sku: string, site: string) => SupplyPicture> {
  const skus = [...new Set(pairs.map((p) => p.sku))];
  const todays = pairs.map((p) => todayOf(p.site)).sort();
  // Each pair's reads end at its own site's horizon, cut below; the latest today reads far enough for all.
  const readTo = addDays(todays[todays.length - 1] ?? todayOf(''), HORIZON_DAYS);
  // In turn, not together: the caller may hold SQLite's one connection in a transaction.
  const stock = await repo.findAvailableStockOf(db, skus);
  const scheduled = byPair(await repo.findOpenReceiptsOf(db, skus, readTo));
  const newSupply = byPair(await repo.findNewSupplyOf(db, skus));
  const erpDemand = byPair(await repo.findOpenErpDemandOf(db, skus, readTo));
  const confirmed = byPair(await repo.findConfirmedDemandOf(db, skus));
  const stockOf = new Map(stock.map((s) => [key(s.sku, s.site_code), s]));
  return (sku, site) => {
    const k = key(sku, site);
    const today = todayOf(site);
    const horizon = addDays(today, HORIZON_DAYS);
    const s = stockOf.get(k);
    return {
      today,
      // Blocked stock (quality hold) is not available to promise.
      onHand: s ? Math.max(0, toMilli(s.on_hand) - toMilli(s.blocked)) : 0,
      receipts: [...datedUpTo(scheduled.get(k), horizon), ...datedUpTo(newSupply.get(k), null)],
      demand: [...datedUpTo(erpDemand.get(k), horizon), ...datedUpTo(confirmed.get(k), null)],
    };
  };
}
