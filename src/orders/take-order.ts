import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { accountExists } from '../accounts';
import { assertItemsExist, LinePromise, Promiser, resolveSite } from '../atp';
import { milliText, toMilli } from '../shared/quantity';
import { linesNamedByDemand, rebuildDailySums } from '../erp';
import { writeAudit } from '../shared/audit.repository';
import { nextNumber } from '../shared/sequences.repository';
import { AppError, ErrorDetail, notFound } from '../shared/errors';
import { accountScopeOf, Actor, assertActsFor } from '../shared/http/actor';
import { inTransaction, type Publish } from '../shared/jobs';
import { nowIso } from '../shared/time';
import { OrderChanged, OrderConfirmed } from '../shared/events';
import { getOrder } from './orders.service';
import type { NewOrder } from './orders.schemas';
import * as repo from './orders.repository';
import { recordPromise, shipTogether } from './promise-ledger';
import { basisColumns, resolveBases, shipRequestDate } from './delivery-dates';
import { findOrderAccount } from './delivery.repository';
import { priceDirectOrder } from './direct-pricing';

/** What an accepted quote freezes into its order, beyond the lines' skus, quantities and dates. */
export interface FrozenQuote {
  quoteId: string;
  quoteNumber: string;
  revision: number;
  currency: string;
  paymentTerms: string | null;
  incoterm: string | null;
  incotermPlace: string | null;
  termsNote: string | null;
  total: string;
  /** Per catalog line, in input order. */
  prices: Array<{ unit_price: string; discount_pct: string; net_price: string; line_total: string }>;
  /** Non-catalog lines, numbered after the catalog lines; not promised from ATP. */
  customLines: Array<Omit<repo.CustomLineRow, 'id' | 'order_id' | 'line_no'>>;
}

export interface TakenOrder {
  orderId: string;
  number: string;
  status: 'confirmed' | 'draft';
  promises: LinePromise[];
}

/** The checks that need no lock: the account, the items and each line's site. All problems at once. */
export async function prepareOrder(db: Knex, actor: Actor, input: NewOrder): Promise<string[]> {
  const scope = accountScopeOf(actor);
  assertActsFor(scope, input.accountId);
  if (!(await accountExists(db, input.accountId))) throw notFound('Account');
  await assertItemsExist(
    db,
    input.lines.map((l, i) => ({ sku: l.sku, path: `/lines/${i}/sku` })),
  );
  const problems: ErrorDetail[] = [];
  const sites: string[] = [];
  for (const [i, l] of input.lines.entries())
    sites.push(await resolveSite(db, l.sku, l.site ?? input.site, `/lines/${i}/site`, problems));
  if (problems.length) throw new AppError('business_rule', 'Some lines cannot be taken', problems);
  return sites;
}

/**
 * Takes an order: checks ATP for every line and reserves what it confirms in the same
 * transaction. The skus' ATP locks are taken first, so two orders at the same moment see each
 * other's reservations and can never both be confirmed the same units.
 */
export async function takeOrder(deps: Deps, actor: Actor, input: NewOrder, requestId?: string) {
  const { db } = deps;
  const sites = await prepareOrder(db, actor, input);
  const taken = await inTransaction(deps, (trx, publish) =>
    writeOrder(trx, publish, actor, input, sites, { requestId }),
  );
  return getOrder(db, actor, taken.orderId);
}

/**
 * The order's writes, inside the caller's transaction (quote acceptance adds its own around them).
 * Announces the new order, and the customer's confirmation when every line has a date, to be
 * delivered once that transaction commits.
 */
export async function writeOrder(
  trx: Knex,
  publish: Publish,
  actor: Actor,
  input: NewOrder,
  sites: string[],
  opts: { requestId?: string | undefined; quote?: FrozenQuote; promiseBoost?: number; reason?: string },
): Promise<TakenOrder> {
  const orderId = crypto.randomUUID();
  const now = nowIso();
  const quote = opts.quote;
  await repo.lockSkus(
    trx,
    input.lines.map((l) => l.sku),
  );
  const number = await nextNumber(trx, 'order', 'SO');
  const account = await findOrderAccount(trx, input.accountId);
  // A direct order takes the Incoterm of the account's quote defaults, as a quote would.
  const incoterm = quote ? quote.incoterm : (account?.default_incoterm ?? null);
  const bases = await resolveBases(trx, incoterm, account?.country ?? null, sites);
  const direct = quote || !account ? null : await priceDirectOrder(trx, account, input);
  const promiser = new Promiser(trx);
  let promises: LinePromise[] = [];
  for (const [i, l] of input.lines.entries()) {
    promises.push(
      await promiser.promiseLine(l.sku, sites[i]!, {
        qty: toMilli(l.quantity),
        requestedDate: shipRequestDate(l.requestedDate, bases[i]!),
        allowPartial: !input.shipComplete,
      }),
    );
  }
  if (input.shipComplete) promises = shipTogether(promises);
  const status = promises.every((p) => p.confirmedDate !== null) ? 'confirmed' : 'draft';
  await repo.insertOrder(trx, {
    id: orderId,
    number,
    account_id: input.accountId,
    customer_po: input.customerPo ?? null,
    site_code: input.site ?? null,
    ship_complete: Boolean(input.shipComplete),
    status,
    ...(opts.promiseBoost && { promise_boost: opts.promiseBoost }),
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
    ...(quote && {
      quote_id: quote.quoteId,
      quote_revision: quote.revision,
      currency: quote.currency,
      payment_terms: quote.paymentTerms,
      incoterm: quote.incoterm,
      incoterm_place: quote.incotermPlace,
      terms_note: quote.termsNote,
      total: quote.total,
    }),
    ...(direct && {
      currency: direct.currency,
      payment_terms: account?.payment_terms ?? null,
      incoterm,
      incoterm_place: account?.default_incoterm_place ?? null,
      terms_note: account?.default_terms_note ?? null,
      total: direct.total,
    }),
  });
  const erpRefs: string[] = [];
  for (const [i, l] of input.lines.entries()) {
    const line: repo.OrderLineRow = {
      id: crypto.randomUUID(),
      order_id: orderId,
      line_no: i + 1,
      sku: l.sku,
      site_code: sites[i]!,
      quantity: milliText(toMilli(l.quantity)),
      requested_date: l.requestedDate,
      confirmed_date: null,
      date_source: 'none',
      new_supply: '0',
      erp_ref: `${number}/${i + 1}`,
      open: true,
      slipped_at: null,
      slip_reason: null,
      ...basisColumns(bases[i]!),
      ...(quote ? quote.prices[i] : direct?.prices[i]),
    };
    await repo.insertLine(trx, line);
    erpRefs.push(line.erp_ref);
    await recordPromise(trx, line, promises[i]!, {
      changedBy: 'intake',
      actorId: actor.userId,
      reason: quote
        ? `accepted quote ${quote.quoteNumber} revision ${quote.revision}`
        : (opts.reason ?? 'order intake'),
      at: now,
    });
  }
  // The ERP's demand names a line only once it has the order, nearly always: if it already names
  // one of these, its daily sums leave that demand out from now on, as the line counts it.
  const named = await linesNamedByDemand(trx, erpRefs);
  if (named.length) await rebuildDailySums(trx, 'erp_demand', named);
  if (quote?.customLines.length) {
    await repo.insertCustomLines(
      trx,
      quote.customLines.map((c, i) => ({
        ...c,
        id: crypto.randomUUID(),
        order_id: orderId,
        line_no: input.lines.length + i + 1,
      })),
    );
  }
  await repo.insertStatusHistory(trx, {
    order_id: orderId,
    from_status: null,
    to_status: status,
    at: now,
    actor_id: actor.userId,
    reason: quote
      ? `accepted quote ${quote.quoteNumber} revision ${quote.revision}`
      : (opts.reason ?? 'order intake'),
  });
  await writeAudit(trx, {
    actor,
    action: 'order.taken',
    entity: 'order',
    entityId: orderId,
    detail: {
      number,
      lines: input.lines.length,
      ...(quote && { quoteId: quote.quoteId, revision: quote.revision }),
    },
    ...(opts.requestId && { requestId: opts.requestId }),
  });
  publish(OrderChanged, { orderId });
  if (status === 'confirmed') publish(OrderConfirmed, { orderId });
  return { orderId, number, status, promises };
}
