import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { rebuildDailySums } from '../../src/erp/daily-sums.repository';
import { nowIso } from '../../src/shared/time';
import { uniq } from './factories';

/*
 * ERP rows written straight into the tables the sync fills, for tests of ATP and orders. No sync
 * runs: a snapshot sync would close every row it does not carry, and the database is shared by the
 * test files that run in parallel. Every sku, site and family is new, so no two tests share ATP data.
 */

type Qty = number | string;

/** A 40-character row hash: the sync's SHA-1 of the row; any value will do for a row the sync never compares. */
const rowHash = (): string => crypto.randomBytes(20).toString('hex');

const qtyText = (q: Qty): string => (typeof q === 'number' ? String(q) : q);

export async function createSite(db: Knex, name = 'Test plant'): Promise<string> {
  const siteCode = uniq('P');
  const now = nowIso();
  await db('sites').insert({
    site_code: siteCode,
    name,
    timezone: null,
    row_hash: rowHash(),
    created_at: now,
    updated_at: now,
  });
  return siteCode;
}

export interface ItemOptions {
  makeOrBuy?: 'make' | 'buy';
  leadTimeDays?: number;
  /** Null: no family (a make item without one is dated by its lead time alone). */
  family?: string | null;
  active?: boolean;
}

/** A new item with a unique sku; returns the sku. */
export async function createItem(
  db: Knex,
  { makeOrBuy = 'buy', leadTimeDays = 10, family = null, active = true }: ItemOptions = {},
): Promise<string> {
  const sku = uniq('SKU');
  const now = nowIso();
  await db('items').insert({
    sku,
    description: `Test item ${sku}`,
    uom: 'EA',
    family,
    make_or_buy: makeOrBuy,
    lead_time_days: leadTimeDays,
    list_price: '10.0000',
    currency: 'EUR',
    active,
    row_hash: rowHash(),
    created_at: now,
    updated_at: now,
  });
  return sku;
}

/** A family name of its own, so capacity is never shared with another test. */
export const uniqFamily = (): string => uniq('FAM');

/** The ERP's stock of a sku at a site (replaces an earlier row of the same key). */
export async function setStock(
  db: Knex,
  sku: string,
  site: string,
  onHand: Qty,
  blocked: Qty = 0,
): Promise<void> {
  await db('erp_stock').where({ sku, site_code: site }).delete();
  await db('erp_stock').insert({
    sku,
    site_code: site,
    on_hand: qtyText(onHand),
    blocked: qtyText(blocked),
    row_hash: rowHash(),
    closed_at: null,
    updated_at: nowIso(),
  });
}

export interface SupplyInput {
  sku: string;
  site: string;
  qty: Qty;
  dueDate: string;
  kind?: 'production' | 'purchase' | 'transfer';
  /** Set to a timestamp for a row a later snapshot closed. */
  closedAt?: string | null;
}

/** An open receipt (production, purchase or transfer order); returns its unique ref. */
export async function addSupply(
  db: Knex,
  { sku, site, qty, dueDate, kind = 'purchase', closedAt = null }: SupplyInput,
): Promise<string> {
  const ref = uniq(kind === 'production' ? 'MO' : kind === 'purchase' ? 'PO' : 'TO');
  await db('erp_supply').insert({
    ref,
    kind,
    sku,
    site_code: site,
    open_qty: qtyText(qty),
    due_date: dueDate,
    status: 'firm',
    row_hash: rowHash(),
    closed_at: closedAt,
    updated_at: nowIso(),
  });
  // As the sync does after its merge: availability reads the sums per day.
  await rebuildDailySums(db, 'erp_supply', [sku]);
  return ref;
}

export interface ErpDemandInput {
  sku: string;
  site: string;
  qty: Qty;
  dueDate: string;
  /** `${order.number}/${lineNo}` when the ERP's row is a FactoryDesk order line. */
  crmOrderRef?: string | null;
  erpCustomerId?: string | null;
}

/** An open ERP sales-order line; returns its unique ref. */
export async function addErpDemand(
  db: Knex,
  { sku, site, qty, dueDate, crmOrderRef = null, erpCustomerId = null }: ErpDemandInput,
): Promise<string> {
  const ref = uniq('ERPSO');
  await db('erp_demand').insert({
    ref,
    sku,
    site_code: site,
    open_qty: qtyText(qty),
    due_date: dueDate,
    erp_customer_id: erpCustomerId,
    crm_order_ref: crmOrderRef,
    row_hash: rowHash(),
    closed_at: null,
    updated_at: nowIso(),
  });
  await rebuildDailySums(db, 'erp_demand', [sku]);
  return ref;
}

/** What the plant can make of a family on one day. */
export async function addCapacity(
  db: Knex,
  family: string,
  site: string,
  date: string,
  units: Qty,
): Promise<void> {
  await db('erp_capacity').insert({
    family,
    site_code: site,
    date,
    units: qtyText(units),
    row_hash: rowHash(),
    updated_at: nowIso(),
  });
}

/** A new site and a new item there: the usual start of an ATP test. */
export async function createPlace(db: Knex, item: ItemOptions = {}): Promise<{ sku: string; site: string }> {
  return { site: await createSite(db), sku: await createItem(db, item) };
}

/** A transit lane from a site to a country (the ERP's transit_lanes), by road. */
export async function addTransitLane(
  db: Knex,
  site: string,
  country: string,
  transitDays: number,
): Promise<void> {
  await db('erp_transit_lanes').insert({
    site_code: site,
    country,
    transit_days: transitDays,
    mode: 'road',
    carrier: null,
    row_hash: rowHash(),
    updated_at: nowIso(),
  });
}
