import type { Knex } from 'knex';
import type TestAgent from 'supertest/lib/agent';
import { nowIso } from '../../src/shared/time';
import { createItem, createSite, setStock } from '../support/erp-factories';
import type { TestUser } from '../support/factories';

export interface QuoteLine {
  lineNo: number;
  sku: string | null;
  description: string | null;
  quantity: number;
  requestedDate: string;
  referencePrice: number | null;
  priceSource: string;
  unitPrice: number;
  discountPct: number;
  netPrice: number;
  lineTotal: number;
  quotedDate: string | null;
  dateSource: string;
}

export interface Quote {
  id: string;
  number: string;
  accountId: string;
  revision: number;
  currentRevision: number;
  status: string;
  currency: string;
  validUntil: string;
  reason: string | null;
  terms: {
    paymentTerms: string | null;
    incoterm: string | null;
    incotermPlace: string | null;
    shipComplete: boolean;
    note: string | null;
  };
  total: number;
  maxDiscountPct: number;
  approval: { by: string; at: string; discountPct: number } | null;
  orderId: string | null;
  lines: QuoteLine[];
  revisions: Array<{
    revision: number;
    status: string;
    reason: string | null;
    total: number;
    sentAt: string | null;
  }>;
  history: Array<{
    kind: string;
    revision: number;
    actorId: string | null;
    reason: string | null;
    detail: unknown;
  }>;
}

/** An ERP price row (erp_prices): erpCustomerId '' is the list price. */
export async function addPrice(
  db: Knex,
  p: {
    sku: string;
    erpCustomerId?: string;
    currency?: string;
    minQty?: number;
    unitPrice: number | string;
    validFrom?: string;
    validTo?: string | null;
  },
): Promise<void> {
  await db('erp_prices').insert({
    sku: p.sku,
    erp_customer_id: p.erpCustomerId ?? '',
    currency: p.currency ?? 'EUR',
    min_qty: String(p.minQty ?? 1),
    valid_from: p.validFrom ?? '0001-01-01',
    unit_price: String(p.unitPrice),
    valid_to: p.validTo ?? null,
    row_hash: 'f'.repeat(40),
    updated_at: nowIso(),
  });
}

export async function setListPrice(
  db: Knex,
  sku: string,
  price: number | string | null,
  currency: string | null = 'EUR',
): Promise<void> {
  await db('items')
    .where({ sku })
    .update({ list_price: price === null ? null : String(price), currency });
}

export async function postQuote(http: TestAgent, user: TestUser, body: Record<string, unknown>) {
  return http.post('/api/quotes').set('authorization', user.auth).send(body);
}

export async function createQuote(
  http: TestAgent,
  user: TestUser,
  body: Record<string, unknown>,
): Promise<Quote> {
  const res = await postQuote(http, user, body);
  if (res.status !== 201)
    throw new Error(`POST /api/quotes answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Quote;
}

export async function act(
  http: TestAgent,
  user: TestUser,
  quoteId: string,
  action: string,
  body: Record<string, unknown> = {},
) {
  return http.post(`/api/quotes/${quoteId}/${action}`).set('authorization', user.auth).send(body);
}

export async function readQuote(http: TestAgent, user: TestUser, id: string, revision?: number) {
  return http
    .get(`/api/quotes/${id}${revision ? `?revision=${revision}` : ''}`)
    .set('authorization', user.auth);
}

/** A new buy item on a new site with stock and a list price. */
export async function stockedItem(
  db: Knex,
  onHand: number,
  listPrice: number | string | null = 100,
  leadTimeDays = 20,
): Promise<{ sku: string; site: string }> {
  const site = await createSite(db);
  const sku = await createItem(db, { makeOrBuy: 'buy', leadTimeDays });
  await setStock(db, sku, site, onHand);
  await setListPrice(db, sku, listPrice);
  return { sku, site };
}
