import type { Knex } from 'knex';
import type { Config } from '../config';
import { getOrder } from '../orders';
import type { CommercialDocument, DocumentLine } from '../shared/documents/document-model';
import { renderCommercialPdf } from '../shared/documents/commercial-pdf';
import type { Actor } from '../shared/http/actor';
import { formatMoney, parseMoney } from '../shared/money';
import { findQuoteItems } from './pricing.repository';
import { dateNote, documentParties, documentTerms, fmtPct, fmtQty, promiseNote } from './quote-documents';
import { findQuoteRefs } from './quotes.repository';

type OrderView = Awaited<ReturnType<typeof getOrder>>;

/**
 * The order confirmation is a commercial document of the accepted quote (same parties, terms and
 * wording), so quotes composes it; the route is orders', which receives this function from the
 * composition root (orders never imports quotes: quotes already depends on orders for intake).
 */

/** The order confirmation: every line with the date FactoryDesk promised, and the terms frozen from the quote. */
export async function orderConfirmationDocument(
  db: Knex,
  config: Config,
  order: OrderView,
  managerId: string | null,
): Promise<CommercialDocument> {
  const currency = order.currency ?? 'EUR';
  const money = (v: number | null) => (v === null ? '' : formatMoney(parseMoney(v), currency));
  const uoms = new Map(
    (
      await findQuoteItems(
        db,
        order.lines.map((l) => l.sku),
      )
    ).map((i) => [i.sku, i]),
  );
  const lines: DocumentLine[] = [
    ...order.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      description: uoms.get(l.sku)?.description ?? '',
      quantity: fmtQty(l.quantity, uoms.get(l.sku)?.uom),
      unitPrice: money(l.unitPrice),
      discount: fmtPct(l.discountPct),
      netPrice: money(l.netPrice),
      lineTotal: money(l.lineTotal),
      date: l.confirmedDate,
      // Deliveries are dated as they leave the works (ship dates), whichever date is promised.
      dateNote: `${promiseNote(l)}; ${
        l.confirmations.length > 1
          ? `ships in ${l.confirmations.length} deliveries: ${l.confirmations.map((c) => `${c.quantity} on ${c.date}`).join(', ')}`
          : dateNote(l.dateSource, null)
      }`,
    })),
    ...order.customLines.map((c) => ({
      lineNo: c.lineNo,
      sku: null,
      description: c.description,
      quantity: fmtQty(c.quantity, undefined),
      unitPrice: money(c.unitPrice),
      discount: fmtPct(c.discountPct),
      netPrice: money(c.netPrice),
      lineTotal: money(c.lineTotal),
      date: c.promisedDate,
      dateNote: dateNote('lead_time', c.leadTimeDays),
    })),
  ];
  return {
    kind: 'order_confirmation',
    number: order.number,
    issueDate: order.createdAt.slice(0, 10),
    reference: order.customerPo,
    ...(await documentParties(db, config, order.accountId, managerId)),
    currency,
    terms: documentTerms(order.terms),
    lines,
    total: money(order.total),
  };
}

export async function orderConfirmationPdf(
  db: Knex,
  config: Config,
  actor: Actor,
  orderId: string,
): Promise<{ number: string; pdf: Buffer }> {
  const order = await getOrder(db, actor, orderId);
  const managerId = order.quote
    ? ((await findQuoteRefs(db, order.quote.id))?.account_manager_id ?? null)
    : null;
  return {
    number: order.number,
    pdf: await renderCommercialPdf(await orderConfirmationDocument(db, config, order, managerId)),
  };
}
