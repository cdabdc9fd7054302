import type { Knex } from 'knex';
import { settingsOfAccounts } from '../accounts';
import { choosePrice } from '../quotes';
import { lineTotal, type Money, parseMoney } from '../shared/money';
import { toMilli } from '../shared/quantity';
import { type PromiseMove, promiseMoves } from './churn.engine';
import type { DecidedQuoteLine } from './commercial.engine';
import type { LineFacts, LineShipment, LineVersion, OtifTerms } from './fulfillment.engine';
import * as repo from './metrics.repository';

/** What a line is grouped by: its account, its item's family and its site. */
export interface GroupFacts {
  accountId: string;
  erpCustomerId: string | null;
  family: string | null;
  site: string | null;
}

export interface LoadedLine extends GroupFacts {
  orderId: string;
  orderNumber: string;
  lineNo: number;
  sku: string;
  facts: LineFacts;
  terms: OtifTerms;
  /** Net ordered value (quantity × net price, at the agreement or list price when the line has none). */
  value: Money;
  /** Each time its promised date moved, with why (promise churn). */
  moves: PromiseMove[];
}

export interface LoadedDecision extends GroupFacts, DecidedQuoteLine {
  /** YYYY-MM-DD of the acceptance, rejection or expiry. */
  decidedOn: string;
  /** The rejection's reason, as the customer gave it. */
  reason: string | null;
}

export interface MetricFacts {
  lines: LoadedLine[];
  decisions: LoadedDecision[];
}

/**
 * Reads everything the definitions need for a range of dates: order lines with their ledger,
 * shipments, quote dates, the account's terms and their value; and the decided quote lines.
 */
export async function loadMetricFacts(db: Knex, selection: repo.LineSelection): Promise<MetricFacts> {
  const rows = await repo.findMetricLines(db, selection, await repo.hasPromisedBy(db));
  const lineIds = rows.map((r) => r.line_id);
  const [versions, shipments, quoted, decided, terms, prices] = await Promise.all([
    repo.findLedgerVersions(db, lineIds),
    repo.findLineShipments(db, lineIds),
    repo.findQuotedLines(db, [...new Set(rows.filter((r) => r.quote_id !== null).map((r) => r.order_id))]),
    repo.findDecidedQuoteLines(db, selection),
    settingsOfAccounts(db, [...new Set(rows.map((r) => r.account_id))]),
    repo.findSkuPrices(
      db,
      rows.filter((r) => r.net_price === null).map((r) => r.sku),
    ),
  ]);

  const versionsOf = groupBy(versions, (v) => v.order_line_id);
  const shipmentsOf = groupBy(shipments, (s) => s.line_id);
  const quotedOf = new Map<string, { sentOn: string | null; quotedDate: string | null }>();
  for (const [orderId, lines] of groupBy(quoted, (q) => q.order_id))
    lines.forEach((q, i) =>
      quotedOf.set(`${orderId}\0${i + 1}`, {
        sentOn: q.sent_at?.slice(0, 10) ?? null,
        quotedDate: q.quoted_date,
      }),
    );
  const pricesOf = groupBy(prices, (p) => p.sku);

  const lines = rows.map((r): LoadedLine => {
    const lineNo = Number(r.line_no);
    const orderDate = r.order_created_at.slice(0, 10);
    const quantityMilli = toMilli(r.quantity);
    const quote = quotedOf.get(`${r.order_id}\0${lineNo}`);
    const settings = terms.get(r.account_id)!;
    const ledger = versionsOf.get(r.line_id) ?? [];
    return {
      orderId: r.order_id,
      orderNumber: r.order_number,
      lineNo,
      sku: r.sku,
      accountId: r.account_id,
      erpCustomerId: r.erp_customer_id,
      family: r.family,
      site: r.site_code,
      facts: {
        quantityMilli,
        requestedDate: r.requested_date,
        promisedBy: r.promised_by === 'arrival' ? 'arrival' : 'ship',
        cancelled: r.order_status === 'cancelled',
        versions: promiseVersions(ledger),
        shipments: (shipmentsOf.get(r.line_id) ?? []).map(
          (s): LineShipment => ({
            shipDate: s.ship_date,
            deliveredDate: s.delivered_date,
            quantityMilli: toMilli(s.quantity),
          }),
        ),
        orderDate,
        quotedDate: quote?.quotedDate ?? null,
        quoteSentDate: quote?.sentOn ?? null,
      },
      terms: {
        earlyDays: settings.otifWindow.earlyDays,
        lateDays: settings.otifWindow.lateDays,
        inFullTolerancePct: settings.inFullTolerancePct,
      },
      value:
        r.order_status === 'cancelled'
          ? 0n
          : lineValue(r, quantityMilli, orderDate, pricesOf.get(r.sku) ?? []),
      moves: movesOf(ledger),
    };
  });

  return { lines, decisions: toDecisions(decided) };
}

/**
 * The lines with their promise moves and group keys only (promise churn): no shipments, quotes,
 * prices or terms, which the churn does not read.
 */
export async function loadLineMoves(
  db: Knex,
  selection: repo.LineSelection,
): Promise<Array<GroupFacts & { moves: PromiseMove[] }>> {
  const rows = await repo.findMetricLines(db, selection, false);
  const versionsOf = groupBy(
    await repo.findLedgerVersions(
      db,
      rows.map((r) => r.line_id),
    ),
    (v) => v.order_line_id,
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    erpCustomerId: r.erp_customer_id,
    family: r.family,
    site: r.site_code,
    moves: movesOf(versionsOf.get(r.line_id) ?? []),
  }));
}

const movesOf = (ledger: repo.LedgerVersionRow[]): PromiseMove[] =>
  promiseMoves(
    ledger.map((v) => ({
      at: v.at,
      confirmedDate: v.confirmed_date,
      changedBy: v.changed_by,
      reason: v.reason,
    })),
  );

/** The catalog lines of quotes decided in the range, with their group keys and value. */
export async function loadDecisions(db: Knex, selection: repo.LineSelection): Promise<LoadedDecision[]> {
  return toDecisions(await repo.findDecidedQuoteLines(db, selection));
}

function toDecisions(decided: repo.DecidedQuoteLineRow[]): LoadedDecision[] {
  return decided.map(
    (d): LoadedDecision => ({
      accountId: d.account_id,
      erpCustomerId: d.erp_customer_id,
      family: d.family,
      site: d.site_code,
      decision: d.status as LoadedDecision['decision'],
      netValue: parseMoney(d.line_total),
      decidedOn: d.decided_at.slice(0, 10),
      reason: d.reason,
    }),
  );
}

/**
 * The versions that promised a date. A version without one is no promise: the line closing when
 * shipped in full, a cancellation, or a line that could not be dated yet; counting it would turn
 * the last promise before the goods left into "none".
 */
function promiseVersions(rows: repo.LedgerVersionRow[]): LineVersion[] {
  return rows
    .filter((v) => v.confirmed_date !== null)
    .map((v) => ({ at: v.at, confirmedDate: v.confirmed_date }));
}

/**
 * Quantity × net price, rounded to the currency as a line total is. A line taken without a quote
 * has no price: it counts at the customer's agreement, else the list, valid on the order date, in
 * the order's currency, else the account's, else the item's own.
 */
function lineValue(
  r: repo.MetricLineRow,
  qtyMilli: number,
  orderDate: string,
  prices: repo.SkuPriceRow[],
): Money {
  const currency = r.order_currency ?? r.account_currency ?? r.item_currency;
  if (r.net_price !== null) return lineTotal(parseMoney(r.net_price), qtyMilli, currency ?? '');
  if (currency === null) return 0n;
  const valid = prices.filter(
    (p) =>
      p.currency === currency &&
      p.valid_from <= orderDate &&
      (p.valid_to === null || p.valid_to >= orderDate),
  );
  const chosen = choosePrice(
    valid,
    r.erp_customer_id,
    qtyMilli,
    {
      sku: r.sku,
      description: '',
      uom: '',
      list_price: r.list_price,
      currency: r.item_currency,
      active: true,
    },
    currency,
  );
  return chosen ? lineTotal(chosen.unitPrice, qtyMilli, currency) : 0n;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
