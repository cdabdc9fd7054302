import type { Knex } from 'knex';
import { Promiser, resolveSite } from '../atp';
import { basisColumns, type DateBasis, resolveBases, SHIP_BASIS, shipRequestDate } from '../orders';
import { toMilli, milliText } from '../shared/quantity';
import { AppError, ErrorDetail } from '../shared/errors';
import { addDays, todayIso } from '../shared/time';
import {
  effectiveDiscount,
  lineTotal,
  Money,
  moneyText,
  netUnitPrice,
  parseMoney,
  parsePct,
  pctText,
  sumMoney,
} from '../shared/money';
import { choosePrice, PriceSource } from './pricing';
import * as pricingRepo from './pricing.repository';
import type { QuoteLineInput } from './quotes.schemas';
import type { QuoteLineRow } from './quotes.repository';

export type LineDraft = Omit<QuoteLineRow, 'id' | 'revision_id'>;

export interface PricedLines {
  lines: LineDraft[];
  total: Money;
  /** Thousandths of a percent: the largest effective discount of any line. */
  maxDiscount: bigint;
}

export interface PricingContext {
  erpCustomerId: string | null;
  currency: string;
  shipComplete: boolean;
  /** A line from a quote request may lack a price for now (a non-catalog line); sending then refuses it. */
  allowMissingPrice?: boolean;
  /** The quote's Incoterm and the customer's country: under a D rule the quoted date is the arrival date. */
  incoterm?: string | null;
  country?: string | null;
}

/**
 * Prices and dates the lines of a quote: agreement, else list price (unless the account manager
 * gives one), the discount, exact totals, and a quoted date per line from the ATP check, which
 * reserves nothing. Lines are checked in order, each seeing the ones before it.
 */
export async function priceLines(
  db: Knex,
  input: QuoteLineInput[],
  ctx: PricingContext,
): Promise<PricedLines> {
  const problems: ErrorDetail[] = [];
  const skus = input.flatMap((l) => (l.sku ? [l.sku] : []));
  const items = new Map((await pricingRepo.findQuoteItems(db, skus)).map((i) => [i.sku, i]));
  const today = todayIso();
  const prices = groupBySku(await pricingRepo.findPrices(db, skus, ctx.erpCustomerId, ctx.currency, today));
  const sites: string[] = [];
  // A long quote repeats its skus: each sku and site is resolved once, not once per line.
  const resolved = new Map<string, string>();
  for (const [i, l] of input.entries()) {
    const path = `/lines/${i}`;
    if (l.sku) {
      const item = items.get(l.sku);
      if (!item || !item.active)
        problems.push({ path: `${path}/sku`, message: `unknown or inactive sku ${l.sku}` });
      const key = `${l.sku}\u0001${l.site ?? ''}`;
      if (item && !resolved.has(key)) {
        const before = problems.length;
        const site = await resolveSite(db, l.sku, l.site, `${path}/site`, problems);
        if (problems.length === before) resolved.set(key, site);
      }
      sites.push(resolved.get(key) ?? '');
    } else {
      sites.push('');
      if (!l.description)
        problems.push({
          path: `${path}/description`,
          message: 'a line names a sku or describes a non-catalog item',
        });
      else if (!ctx.allowMissingPrice && l.unitPrice === undefined)
        problems.push({ path: `${path}/unitPrice`, message: 'a non-catalog line needs its price' });
      else if (!ctx.allowMissingPrice && l.leadTimeDays === undefined)
        problems.push({ path: `${path}/leadTimeDays`, message: 'a non-catalog line needs its lead time' });
    }
  }
  if (problems.length) throw new AppError('business_rule', 'Some lines cannot be quoted', problems);

  // Catalog lines are dated from their site's own today, as orders are.
  const promiser = new Promiser(db);
  const bases = await resolveBases(db, ctx.incoterm, ctx.country ?? null, sites);
  const lines: LineDraft[] = [];
  for (const [i, l] of input.entries()) {
    const qtyMilli = toMilli(l.quantity);
    let reference: Money | null = null;
    let source: PriceSource;
    let unit: Money;
    if (l.sku) {
      const chosen = choosePrice(
        prices.get(l.sku) ?? [],
        ctx.erpCustomerId,
        qtyMilli,
        items.get(l.sku)!,
        ctx.currency,
      );
      reference = chosen?.unitPrice ?? null;
      if (l.unitPrice !== undefined) [unit, source] = [parseMoney(l.unitPrice), 'manual'];
      else if (chosen) [unit, source] = [chosen.unitPrice, chosen.source];
      else {
        problems.push({
          path: `/lines/${i}/unitPrice`,
          message: `no agreement or list price of ${l.sku} in ${ctx.currency}: give the unit price`,
        });
        continue;
      }
    } else {
      [unit, source] = l.unitPrice !== undefined ? [parseMoney(l.unitPrice), 'manual'] : [0n, 'missing'];
    }
    const discount = parsePct(l.discountPct ?? 0);
    const net = netUnitPrice(unit, discount);
    const basis = l.sku ? bases[i]! : SHIP_BASIS;
    const dated = await quotedDate(promiser, l, sites[i]!, qtyMilli, ctx.shipComplete, today, basis);
    lines.push({
      line_no: i + 1,
      sku: l.sku ?? null,
      description: l.description ?? (l.sku ? items.get(l.sku)!.description : null),
      site_code: sites[i] || null,
      quantity: milliText(qtyMilli),
      requested_date: l.requestedDate,
      reference_price: reference === null ? null : moneyText(reference),
      price_source: source,
      unit_price: moneyText(unit),
      discount_pct: pctText(discount),
      net_price: moneyText(net),
      line_total: moneyText(lineTotal(net, qtyMilli, ctx.currency)),
      quoted_date: dated.date,
      date_source: dated.source,
      lead_time_days: l.sku ? null : (l.leadTimeDays ?? null),
      ...basisColumns(basis),
    });
  }
  if (problems.length) throw new AppError('business_rule', 'Some lines cannot be priced', problems);
  if (ctx.shipComplete) alignShipComplete(lines);
  return summarize(lines);
}

function groupBySku(rows: pricingRepo.PriceRow[]): Map<string, pricingRepo.PriceRow[]> {
  const out = new Map<string, pricingRepo.PriceRow[]>();
  for (const r of rows) out.set(r.sku, [...(out.get(r.sku) ?? []), r]);
  return out;
}

async function quotedDate(
  promiser: Promiser,
  l: QuoteLineInput,
  site: string,
  qtyMilli: number,
  shipComplete: boolean,
  today: string,
  basis: DateBasis,
): Promise<{ date: string | null; source: string }> {
  if (!l.sku) {
    if (l.leadTimeDays === undefined) return { date: null, source: 'none' };
    const earliest = addDays(today, l.leadTimeDays);
    return { date: earliest > l.requestedDate ? earliest : l.requestedDate, source: 'lead_time' };
  }
  const p = await promiser.promiseLine(l.sku, site, {
    qty: qtyMilli,
    requestedDate: shipRequestDate(l.requestedDate, basis),
    allowPartial: !shipComplete,
  });
  return { date: p.confirmedDate, source: p.source };
}

/** Ship complete: everything leaves together, on the latest line's date (none when any line has none). */
function alignShipComplete(lines: LineDraft[]): void {
  const dates = lines.map((l) => l.quoted_date);
  const all = dates.every((d) => d !== null)
    ? (dates as string[]).reduce((a, b) => (a > b ? a : b), '')
    : null;
  for (const l of lines) l.quoted_date = all;
}

/** The total and the largest effective discount of already priced lines (kept lines of a revision too). */
export function summarize(lines: LineDraft[]): PricedLines {
  const total = sumMoney(lines.map((l) => parseMoney(l.line_total)));
  const maxDiscount = lines.reduce((max, l) => {
    const d = lineDiscount(l);
    return d > max ? d : max;
  }, 0n);
  return { lines, total, maxDiscount };
}

/** A line's effective discount (thousandths of a percent): below its agreement or list price, else as stated. */
export function lineDiscount(l: Pick<LineDraft, 'reference_price' | 'net_price' | 'discount_pct'>): bigint {
  return effectiveDiscount(
    l.reference_price === null ? null : parseMoney(l.reference_price),
    parseMoney(l.net_price),
    parsePct(l.discount_pct),
  );
}
