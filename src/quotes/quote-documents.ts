import type { Knex } from 'knex';
import type { Config } from '../config';
import { milliText, toMilli } from '../shared/quantity';
import type { CommercialDocument, DocumentLine, DocumentTerms } from '../shared/documents/document-model';
import { renderCommercialPdf } from '../shared/documents/commercial-pdf';
import type { Actor } from '../shared/http/actor';
import { todayIso } from '../shared/time';
import { formatMoney, parseMoney } from '../shared/money';
import * as pricingRepo from './pricing.repository';
import { findQuoteRefs } from './quotes.repository';
import { getQuote } from './quotes.service';

type QuoteView = Awaited<ReturnType<typeof getQuote>>;

const SOURCE_WORDS: Record<string, string> = {
  stock: 'from stock',
  supply: 'from planned supply',
  lead_time: 'by lead time',
  capacity: 'by production capacity',
  none: 'date on request',
};

export function dateNote(source: string, leadTimeDays: number | null): string {
  if (source === 'lead_time' && leadTimeDays !== null) return `lead time ${leadTimeDays} days`;
  return SOURCE_WORDS[source] ?? source;
}

/**
 * Which date a line's date is (dates by Incoterm): the arrival at the named place under a D term,
 * with the ship date beside it, else the ship date from the works.
 */
export function promiseNote(l: {
  promisedBy: string;
  shipDate: string | null;
  notes: string | null;
}): string {
  if (l.promisedBy === 'arrival') return `arrival date${l.shipDate ? `, ships ${l.shipDate}` : ''}`;
  return l.notes ? 'ship date (no transit time known for the arrival)' : 'ship date';
}

export function documentTerms(t: {
  paymentTerms: string | null;
  incoterm: string | null;
  incotermPlace: string | null;
  shipComplete: boolean;
  note: string | null;
}): DocumentTerms {
  return {
    paymentTerms: t.paymentTerms,
    delivery: t.incoterm
      ? `${t.incoterm} ${t.incotermPlace ?? ''} (Incoterms 2020)`.replace(/\s+/g, ' ')
      : null,
    shipment: t.shipComplete ? 'Ship complete' : 'Partial deliveries allowed',
    note: t.note,
  };
}

export const fmtQty = (q: number, uom: string | undefined): string =>
  `${milliText(toMilli(q))}${uom ? ` ${uom}` : ''}`;
export const fmtPct = (p: number | null): string => (p ? `${p} %` : '');

/** The parties and contact every commercial document of an account shows. */
export async function documentParties(db: Knex, config: Config, accountId: string, managerId: string | null) {
  const account = await pricingRepo.findQuoteAccount(db, accountId);
  const manager = managerId ? await pricingRepo.findUserSummary(db, managerId) : undefined;
  return {
    company: { name: config.companyName, lines: config.companyAddress },
    customer: {
      name: account?.name ?? '',
      lines: [
        account?.erp_customer_id ? `Customer no. ${account.erp_customer_id}` : '',
        account?.country ?? '',
      ].filter(Boolean),
    },
    contact: manager ? { name: manager.name ?? manager.email, email: manager.email } : null,
  };
}

export async function quoteDocument(
  db: Knex,
  config: Config,
  quote: QuoteView,
  managerId: string | null,
  reference: string | null,
): Promise<CommercialDocument> {
  const uoms = new Map(
    (
      await pricingRepo.findQuoteItems(
        db,
        quote.lines.flatMap((l) => (l.sku ? [l.sku] : [])),
      )
    ).map((i) => [i.sku, i.uom]),
  );
  const money = (v: number) => formatMoney(parseMoney(v), quote.currency);
  const lines: DocumentLine[] = quote.lines.map((l) => ({
    lineNo: l.lineNo,
    sku: l.sku,
    description: l.description ?? '',
    quantity: fmtQty(l.quantity, l.sku ? uoms.get(l.sku) : undefined),
    unitPrice: money(l.unitPrice),
    discount: fmtPct(l.discountPct),
    netPrice: money(l.netPrice),
    lineTotal: money(l.lineTotal),
    date: l.quotedDate,
    dateNote: l.sku
      ? `${promiseNote(l)}; ${dateNote(l.dateSource, l.leadTimeDays)}`
      : dateNote(l.dateSource, l.leadTimeDays),
  }));
  return {
    kind: 'quotation',
    number: quote.number,
    revision: quote.revision,
    issueDate: (quote.revisions.find((r) => r.revision === quote.revision)?.sentAt ?? todayIso()).slice(
      0,
      10,
    ),
    validUntil: quote.validUntil,
    reference,
    ...(await documentParties(db, config, quote.accountId, managerId)),
    currency: quote.currency,
    terms: documentTerms(quote.terms),
    lines,
    total: money(quote.total),
  };
}

export async function quotePdf(
  db: Knex,
  config: Config,
  actor: Actor,
  id: string,
  revision?: number,
): Promise<{ number: string; revision: number; pdf: Buffer }> {
  const quote = await getQuote(db, actor, id, revision);
  const refs = (await findQuoteRefs(db, id))!;
  const pdf = await renderCommercialPdf(
    await quoteDocument(db, config, quote, refs.account_manager_id, refs.request_number),
  );
  return { number: quote.number, revision: quote.revision, pdf };
}
