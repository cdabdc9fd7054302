import { milliText, toMilli } from '../shared/quantity';
import type { Config } from '../config';
import type { getOrder } from '../orders';
import { formatMoney, parseMoney } from '../shared/money';
import { dateNote, INCOTERMS, type getQuote } from '../quotes';
import type { Actor } from '../shared/http/actor';
import { todayIso } from '../shared/time';

type QuoteView = Awaited<ReturnType<typeof getQuote>>;
type OrderView = Awaited<ReturnType<typeof getOrder>>;
type Terms = QuoteView['terms'];

export const money = (v: number | null | undefined, currency: string): string =>
  v === null || v === undefined ? '—' : formatMoney(parseMoney(v), currency);
export const qty = (v: number): string => milliText(toMilli(v));
const pct = (v: number | null | undefined): string => (v ? `${v} %` : '—');
/** Timestamps are stored in UTC; pages show them to the minute. */
export const when = (iso: string | null | undefined): string =>
  iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '';

const PRICE_SOURCES: Record<string, string> = {
  agreement: 'agreement price',
  list: 'list price',
  manual: 'set by hand',
  missing: 'no price yet',
};
const STATUS_WORDS: Record<string, string> = {
  pending_approval: 'pending approval',
  in_production: 'in production',
  partially_shipped: 'partially shipped',
};
export const statusWord = (s: string): string => STATUS_WORDS[s] ?? s;

export function termsView(t: Terms) {
  return {
    paymentTerms: t.paymentTerms ?? '—',
    delivery: t.incoterm ? `${t.incoterm} ${t.incotermPlace ?? ''} (Incoterms 2020)` : '—',
    shipment: t.shipComplete ? 'Ship complete' : 'Partial deliveries allowed',
    note: t.note,
  };
}

interface CounterLine {
  lineNo: number;
  targetPrice?: number;
  targetDate?: string;
  quantity?: number;
}

/** One event of the negotiation, in words. */
function eventView(e: QuoteView['history'][number], currency: string) {
  const detail = (e.detail ?? {}) as {
    lines?: CounterLine[];
    maxDiscountPct?: number;
    orderNumber?: string;
    orderId?: string;
    dateChanges?: Array<{ lineNo: number; quotedDate: string | null; confirmedDate: string | null }>;
  };
  const LABELS: Record<string, string> = {
    created: 'Created',
    revised: 'Revised',
    sent: 'Sent to the customer',
    approval_requested: 'Approval requested',
    approved: 'Discount approved',
    counter_offer: 'Counter-offer',
    accepted: 'Accepted',
    rejected: 'Rejected',
    expired: 'Expired',
  };
  const facts: string[] = [];
  for (const l of detail.lines ?? []) {
    const parts = [
      l.targetPrice !== undefined && `target price ${money(l.targetPrice, currency)}`,
      l.targetDate && `target date ${l.targetDate}`,
      l.quantity !== undefined && `quantity ${qty(l.quantity)}`,
    ].filter(Boolean);
    facts.push(`Line ${l.lineNo}: ${parts.join(', ')}`);
  }
  if (detail.maxDiscountPct !== undefined) facts.push(`Largest discount ${detail.maxDiscountPct} %`);
  if (detail.orderNumber) facts.push(`Order ${detail.orderNumber}`);
  for (const d of detail.dateChanges ?? [])
    facts.push(
      `Order line ${d.lineNo}: quoted ${d.quotedDate ?? 'no date'}, confirmed ${d.confirmedDate ?? 'no date'}`,
    );
  return {
    label: LABELS[e.kind] ?? e.kind,
    kind: e.kind,
    revision: e.revision,
    at: when(e.at),
    reason: e.reason,
    facts,
  };
}

/** Everything the quote page shows, formatted, and which forms the viewer gets. */
export function quotePage(q: QuoteView, actor: Actor, config: Config, customerName: string) {
  const staff = actor.role !== 'customer';
  const isCurrent = q.revision === q.currentRevision;
  const open = isCurrent && (q.status === 'draft' || q.status === 'pending_approval');
  const respondable = isCurrent && q.status === 'sent' && q.validUntil >= todayIso();
  const authority = config.discountAuthority[actor.role] ?? 0;
  const lines = q.lines.map((l) => ({
    ...l,
    item: l.sku ?? 'Non-catalog',
    quantityText: qty(l.quantity),
    unitPriceText: money(l.unitPrice, q.currency),
    discountText: pct(l.discountPct),
    netPriceText: money(l.netPrice, q.currency),
    lineTotalText: money(l.lineTotal, q.currency),
    priceSourceText: PRICE_SOURCES[l.priceSource] ?? l.priceSource,
    dateNote: dateNote(l.dateSource, l.leadTimeDays),
  }));
  return {
    quote: {
      ...q,
      statusText: statusWord(q.status),
      totalText: money(q.total, q.currency),
      customerName,
      isCurrent,
      nextRevision: q.currentRevision + 1,
    },
    // Answering a counter-offer is what a revision is most often for: show the form open then.
    reviseOpen: q.history[q.history.length - 1]?.kind === 'counter_offer',
    terms: termsView(q.terms),
    lines,
    revisions: q.revisions.map((r) => ({
      ...r,
      shown: r.revision === q.revision,
      statusText: statusWord(r.status),
      totalText: money(r.total, q.currency),
      sentAt: when(r.sentAt),
    })),
    history: q.history.map((e) => eventView(e, q.currency)),
    pdfUrl: `/api/quotes/${q.id}/pdf?revision=${q.revision}`,
    orderUrl: q.orderId ? `/orders/${q.orderId}` : null,
    approval: q.approval ? { at: when(q.approval.at), discountPct: q.approval.discountPct } : null,
    can: {
      send: staff && open,
      askApproval: staff && q.status === 'draft' && isCurrent && q.maxDiscountPct > authority,
      approve: actor.role === 'admin' && open,
      revise: staff && isCurrent && q.status !== 'accepted',
      respond: respondable,
    },
    incoterms: [
      ...(q.terms.incoterm ? [] : [{ code: '', label: '— none —', selected: true }]),
      ...INCOTERMS.map((code) => ({ code, label: code, selected: code === q.terms.incoterm })),
    ],
  };
}

const CHANGED_BY: Record<string, string> = {
  intake: 'order intake',
  reconfirmation: 're-confirmation after an ERP sync',
  account_manager: 'account manager',
  planner: 'planner',
  customer: 'customer',
  cancellation: 'cancellation',
};

/** Every version of every line's promise, newest first per line: what promise accuracy is measured from. */
function promiseHistory(o: OrderView) {
  return o.lines.flatMap((l) =>
    [...l.promiseHistory].reverse().map((v) => ({
      lineNo: l.lineNo,
      version: v.version,
      at: when(v.at),
      by: CHANGED_BY[v.changedBy] ?? v.changedBy,
      confirmedText: v.confirmedDate ?? 'not confirmed',
      deliveries: v.confirmations.map((c) => `${qty(c.quantity)} on ${c.date}`),
      reason: v.reason ?? '',
    })),
  );
}

export function orderPage(o: OrderView, customerName: string) {
  const currency = o.currency ?? 'EUR';
  const priced = (l: {
    quantity: number;
    unitPrice: number | null;
    discountPct: number | null;
    netPrice: number | null;
    lineTotal: number | null;
  }) => ({
    quantityText: qty(l.quantity),
    unitPriceText: money(l.unitPrice, currency),
    discountText: pct(l.discountPct),
    netPriceText: money(l.netPrice, currency),
    lineTotalText: money(l.lineTotal, currency),
  });
  // Non-catalog lines have no stock of their own; what shipped of them is what their shipments say.
  const shippedOn = (lineNo: number): number =>
    o.shipments.filter((s) => s.orderLineNo === lineNo).reduce((n, s) => n + s.quantity, 0);
  const shippedText = (shipped: number): string => (shipped > 0 ? qty(shipped) : '—');
  return {
    order: {
      ...o,
      createdAt: when(o.createdAt),
      statusText: statusWord(o.status),
      totalText: o.total === null ? null : money(o.total, currency),
      customerName,
    },
    terms: termsView(o.terms),
    quoteUrl: o.quote ? `/quotes/${o.quote.id}?revision=${o.quote.revision}` : null,
    lines: o.lines.map((l) => ({
      ...l,
      ...priced(l),
      confirmedText: l.confirmedDate ?? 'not yet confirmed',
      // Which date is the promise: under D terms the arrival at the customer's, else the ship date.
      promisedByText: l.confirmedDate ? (l.promisedBy === 'arrival' ? 'arrival' : 'ship date') : null,
      partial:
        l.confirmations.length > 1
          ? l.confirmations.map((c) => `${qty(c.quantity)} on ${c.date}`).join(', ')
          : null,
      shippedText: shippedText(l.shippedQuantity),
    })),
    reportable: o.lines
      .filter((l) => l.shippedQuantity > 0)
      .map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        reportUrl: `/cases/new?orderId=${o.id}&lineNo=${l.lineNo}`,
      })),
    customLines: o.customLines.map((l) => ({
      ...l,
      ...priced(l),
      shippedText: shippedText(shippedOn(l.lineNo)),
    })),
    history: promiseHistory(o),
    shipments: o.shipments.map((s) => ({
      ...s,
      quantityText: qty(s.quantity),
      carrierText: s.carrier || '—',
      trackingText: s.trackingNo || '—',
      deliveredText: s.deliveredDate || 'on its way',
    })),
  };
}
