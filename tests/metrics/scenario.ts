import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { uniq } from '../support/factories';

/*
 * Orders, promises, shipments and quotes dated in the past, written straight into their tables: the
 * metrics read history (an order taken in September, shipped twice, re-promised once), which the
 * API can only make today. Each row is what order intake, re-confirmation, the ERP sync and the
 * quote actions write.
 */

const rowHash = (): string => crypto.randomBytes(20).toString('hex');

export interface ScenarioLine {
  sku: string;
  site: string;
  quantity: number;
  requested: string;
  netPrice?: string;
  /** Promise-ledger versions, oldest first: when recorded and the date promised. */
  versions: Array<{ at: string; confirmed: string | null; by?: string; reason?: string }>;
  shipments?: Array<{ ship: string; delivered?: string; quantity: number }>;
}

export interface ScenarioOrder {
  accountId: string;
  /** The order date (YYYY-MM-DD); the order is taken at 08:00 UTC that day. */
  orderedOn: string;
  status?: string;
  currency?: string | null;
  quote?: { id: string; revision: number };
  lines: ScenarioLine[];
}

export async function addOrder(
  db: Knex,
  o: ScenarioOrder,
): Promise<{ id: string; number: string; lineIds: string[] }> {
  const id = crypto.randomUUID();
  const number = uniq('SO');
  const at = `${o.orderedOn}T08:00:00.000Z`;
  await db('orders').insert({
    id,
    number,
    account_id: o.accountId,
    site_code: null,
    ship_complete: false,
    status: o.status ?? 'confirmed',
    created_at: at,
    updated_at: at,
    currency: o.currency === undefined ? 'EUR' : o.currency,
    quote_id: o.quote?.id ?? null,
    quote_revision: o.quote?.revision ?? null,
  });
  const lineIds: string[] = [];
  for (const [i, l] of o.lines.entries()) {
    const lineId = crypto.randomUUID();
    lineIds.push(lineId);
    const last = l.versions.at(-1)?.confirmed ?? null;
    await db('order_lines').insert({
      id: lineId,
      order_id: id,
      line_no: i + 1,
      sku: l.sku,
      site_code: l.site,
      quantity: String(l.quantity),
      requested_date: l.requested,
      confirmed_date: last,
      date_source: 'stock',
      erp_ref: `${number}/${i + 1}`,
      open: true,
      net_price: l.netPrice ?? null,
    });
    for (const [v, version] of l.versions.entries())
      await db('promise_ledger').insert({
        order_line_id: lineId,
        version: v + 1,
        at: version.at,
        changed_by: version.by ?? (v === 0 ? 'intake' : 'reconfirmation'),
        reason: version.reason ?? null,
        requested_date: l.requested,
        quantity: String(l.quantity),
        confirmations: version.confirmed
          ? `[{"date":"${version.confirmed}","quantity":${l.quantity}}]`
          : '[]',
        confirmed_date: version.confirmed,
        date_source: 'stock',
      });
    for (const [s, ship] of (l.shipments ?? []).entries())
      await db('erp_shipments').insert({
        shipment_ref: uniq('SH'),
        line_no: s + 1,
        order_ref: number,
        order_line_no: i + 1,
        sku: l.sku,
        quantity: String(ship.quantity),
        ship_date: ship.ship,
        delivered_date: ship.delivered ?? null,
        row_hash: rowHash(),
        updated_at: at,
      });
  }
  return { id, number, lineIds };
}

export interface ScenarioQuote {
  accountId: string;
  status: 'accepted' | 'rejected' | 'expired';
  sentAt: string;
  /** When it was accepted, rejected or expired. */
  decidedAt: string;
  /** A rejection's reason, as the customer gave it. */
  reason?: string;
  lines: Array<{ sku: string; site: string; quantity: number; netPrice: string; quotedDate: string }>;
}

/** A quote decided in one revision: its catalog lines with their totals and quoted dates. */
export async function addDecidedQuote(db: Knex, q: ScenarioQuote): Promise<{ id: string; revision: number }> {
  const id = crypto.randomUUID();
  const revisionId = crypto.randomUUID();
  const totals = q.lines.map((l) => (Number(l.netPrice) * l.quantity).toFixed(2));
  await db('quotes').insert({
    id,
    number: uniq('Q'),
    account_id: q.accountId,
    status: q.status,
    revision: 1,
    currency: 'EUR',
    valid_until: q.decidedAt.slice(0, 10),
    accepted_revision: q.status === 'accepted' ? 1 : null,
    created_at: q.sentAt,
    updated_at: q.decidedAt,
  });
  await db('quote_revisions').insert({
    id: revisionId,
    quote_id: id,
    revision: 1,
    status: q.status,
    valid_until: q.decidedAt.slice(0, 10),
    ship_complete: false,
    total: totals.reduce((a, t) => a + Number(t), 0).toFixed(2),
    max_discount_pct: '0',
    sent_at: q.sentAt,
    created_at: q.sentAt,
  });
  for (const [i, l] of q.lines.entries())
    await db('quote_lines').insert({
      id: crypto.randomUUID(),
      revision_id: revisionId,
      line_no: i + 1,
      sku: l.sku,
      site_code: l.site,
      quantity: String(l.quantity),
      requested_date: l.quotedDate,
      price_source: 'list',
      unit_price: l.netPrice,
      discount_pct: '0',
      net_price: l.netPrice,
      line_total: totals[i],
      quoted_date: l.quotedDate,
      date_source: 'stock',
    });
  await db('quote_events').insert({
    quote_id: id,
    revision: 1,
    kind: q.status,
    at: q.decidedAt,
    reason: q.reason ?? null,
  });
  return { id, revision: 1 };
}

/** A csv as records of text, header first (the export's CRLF lines; no quoted field in these rows). */
export function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}
