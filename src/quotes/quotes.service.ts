import type { Knex } from 'knex';
import { AppError, notFound } from '../shared/errors';
import { accountScopeOf, Actor } from '../shared/http/actor';
import { decodeCursor, parseLimit, toPage } from '../shared/http/pagination';
import { nowIso } from '../shared/time';
import type { ListQuotesQuery, QuoteDefaults, Terms } from './quotes.schemas';
import { writeAudit } from '../shared/audit.repository';
import { basisOfRow, datesOf } from '../orders';
import * as pricingRepo from './pricing.repository';
import type { QuoteAccountRow } from './pricing.repository';
import { findListTotals } from './list-totals.repository';
import * as repo from './quotes.repository';

const num = (v: string | number): number => Number(v);
const numOrNull = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** Customers see what was sent to them: the negotiation, not the internal approvals. */
const CUSTOMER_EVENTS = new Set(['sent', 'counter_offer', 'accepted', 'rejected', 'expired']);

export type RevisionTerms = Pick<
  repo.RevisionRow,
  'payment_terms' | 'incoterm' | 'incoterm_place' | 'ship_complete' | 'terms_note'
>;

/**
 * The terms of a new revision: what the request says, else the previous revision's, else the
 * account's defaults (payment terms from the ERP). Every Incoterms 2020 rule needs a named place.
 */
export function resolveTerms(
  account: QuoteAccountRow,
  given: Terms | undefined,
  previous?: RevisionTerms,
): RevisionTerms {
  const pick = <T>(g: T | undefined, p: T | undefined, d: T): T =>
    g !== undefined ? g : p !== undefined ? p : d;
  const terms: RevisionTerms = {
    payment_terms: pick(given?.paymentTerms, previous?.payment_terms ?? undefined, account.payment_terms),
    incoterm: pick(given?.incoterm, previous?.incoterm ?? undefined, account.default_incoterm),
    incoterm_place: pick(
      given?.incotermPlace,
      previous?.incoterm_place ?? undefined,
      account.default_incoterm_place,
    ),
    ship_complete: pick(
      given?.shipComplete,
      previous === undefined ? undefined : Boolean(previous.ship_complete),
      Boolean(account.default_ship_complete),
    ),
    terms_note: pick(
      given?.note === '' ? null : given?.note,
      previous?.terms_note ?? undefined,
      account.default_terms_note,
    ),
  };
  if (terms.incoterm && !terms.incoterm_place) {
    throw new AppError('business_rule', 'An Incoterm needs its named place', [
      { path: '/terms/incotermPlace', message: `name the place for ${terms.incoterm} (Incoterms 2020)` },
    ]);
  }
  return terms;
}

export function toTerms(r: RevisionTerms) {
  return {
    paymentTerms: r.payment_terms,
    incoterm: r.incoterm,
    incotermPlace: r.incoterm_place,
    shipComplete: Boolean(r.ship_complete),
    note: r.terms_note,
  };
}

export function toLine(l: repo.QuoteLineRow) {
  const dates = datesOf(l.quoted_date, basisOfRow(l));
  return {
    lineNo: num(l.line_no),
    sku: l.sku,
    description: l.description,
    site: l.site_code,
    quantity: num(l.quantity),
    requestedDate: l.requested_date,
    referencePrice: numOrNull(l.reference_price),
    priceSource: l.price_source,
    unitPrice: num(l.unit_price),
    discountPct: num(l.discount_pct),
    netPrice: num(l.net_price),
    lineTotal: num(l.line_total),
    quotedDate: dates.promisedDate,
    shipDate: dates.shipDate,
    arrivalDate: dates.arrivalDate,
    promisedBy: dates.promisedBy,
    notes: l.date_note ?? null,
    dateSource: l.date_source,
    leadTimeDays: l.lead_time_days === null ? null : num(l.lead_time_days),
  };
}

/** A quote the actor may see (customers: their own, once sent), or 404. */
export async function findVisibleQuote(db: Knex, actor: Actor, id: string): Promise<repo.QuoteRow> {
  const quote = await repo.findQuote(db, accountScopeOf(actor), id);
  if (!quote) throw notFound('Quote');
  return quote;
}

/** The revisions the actor may read: all for staff, the sent ones for the customer. */
export async function visibleRevisions(db: Knex, actor: Actor, quoteId: string): Promise<repo.RevisionRow[]> {
  const all = await repo.findRevisions(db, quoteId);
  return actor.role === 'customer' ? all.filter((r) => r.sent_at !== null) : all;
}

export async function getQuote(db: Knex, actor: Actor, id: string, revision?: number) {
  const quote = await findVisibleQuote(db, actor, id);
  const revisions = await visibleRevisions(db, actor, quote.id);
  const shown =
    revision === undefined
      ? revisions[revisions.length - 1]
      : revisions.find((r) => num(r.revision) === revision);
  if (!shown) throw notFound('Revision');
  const lines = await repo.findLines(db, shown.id);
  const visible = new Set(revisions.map((r) => num(r.revision)));
  const events = (await repo.findEvents(db, quote.id)).filter(
    (e) => actor.role !== 'customer' || (CUSTOMER_EVENTS.has(e.kind) && visible.has(num(e.revision))),
  );
  const staff = actor.role !== 'customer';
  return {
    id: quote.id,
    number: quote.number,
    accountId: quote.account_id,
    quoteRequestId: quote.quote_request_id,
    revision: num(shown.revision),
    currentRevision: num(quote.revision),
    status: shown.status,
    currency: quote.currency,
    validUntil: shown.valid_until,
    reason: shown.reason,
    terms: toTerms(shown),
    total: num(shown.total),
    maxDiscountPct: num(shown.max_discount_pct),
    approval:
      staff && shown.approved_at
        ? {
            by: shown.approved_by,
            at: shown.approved_at,
            discountPct: numOrNull(shown.approved_discount_pct),
          }
        : null,
    orderId: quote.order_id,
    lines: lines.map(toLine),
    revisions: revisions.map((r) => ({
      revision: num(r.revision),
      status: r.status,
      reason: r.reason,
      total: num(r.total),
      validUntil: r.valid_until,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    })),
    history: events.map((e) => ({
      kind: e.kind,
      revision: num(e.revision),
      at: e.at,
      actorId: e.actor_id,
      reason: e.reason,
      detail: e.detail ? (JSON.parse(e.detail) as unknown) : null,
    })),
  };
}

function toSummary(q: repo.QuoteRow) {
  return {
    id: q.id,
    number: q.number,
    accountId: q.account_id,
    status: q.status,
    revision: num(q.revision),
    currency: q.currency,
    validUntil: q.valid_until,
    orderId: q.order_id,
    createdAt: q.created_at,
  };
}

export async function listQuotes(db: Knex, actor: Actor, q: ListQuotesQuery) {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 2);
  const filter = { ...(q.accountId && { accountId: q.accountId }), ...(q.status && { status: q.status }) };
  const rows = await repo.listQuotes(db, accountScopeOf(actor), filter, limit, after);
  const page = toPage(rows, limit, toSummary, (r) => [r.created_at, r.id]);
  const totals = await findListTotals(
    db,
    page.items.map((i) => i.id),
    actor.role === 'customer',
  );
  return { ...page, items: page.items.map((i) => ({ ...i, total: totals.get(i.id) ?? null })) };
}

const toDefaults = (a: QuoteAccountRow) => ({
  paymentTerms: a.payment_terms,
  incoterm: a.default_incoterm,
  incotermPlace: a.default_incoterm_place,
  shipComplete: Boolean(a.default_ship_complete),
  note: a.default_terms_note,
});

export async function getQuoteDefaults(db: Knex, accountId: string) {
  const account = await pricingRepo.findQuoteAccount(db, accountId);
  if (!account) throw notFound('Account');
  return toDefaults(account);
}

/** PUT /api/accounts/:id/quote-defaults: the terms new quotes of the account start from (payment terms stay the ERP's). */
export async function setQuoteDefaults(db: Knex, actor: Actor, accountId: string, d: QuoteDefaults) {
  const account = await pricingRepo.findQuoteAccount(db, accountId);
  if (!account) throw notFound('Account');
  const next = {
    default_incoterm: d.incoterm !== undefined ? d.incoterm : account.default_incoterm,
    default_incoterm_place: d.incotermPlace !== undefined ? d.incotermPlace : account.default_incoterm_place,
    default_ship_complete:
      d.shipComplete !== undefined ? d.shipComplete : Boolean(account.default_ship_complete),
    default_terms_note: d.note !== undefined ? d.note : account.default_terms_note,
  };
  if (next.default_incoterm && !next.default_incoterm_place) {
    throw new AppError('business_rule', 'An Incoterm needs its named place', [
      { path: '/incotermPlace', message: `name the place for ${next.default_incoterm} (Incoterms 2020)` },
    ]);
  }
  await db.transaction(async (trx) => {
    await pricingRepo.updateAccountDefaults(trx, accountId, { ...next, updated_at: nowIso() });
    await writeAudit(trx, {
      actor,
      action: 'account.quote_defaults',
      entity: 'account',
      entityId: accountId,
      detail: next,
    });
  });
  return getQuoteDefaults(db, accountId);
}
