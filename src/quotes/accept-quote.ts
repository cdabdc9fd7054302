import type { Deps } from '../deps';
import { FrozenQuote, prepareOrder, TakenOrder, writeOrder, type NewOrder } from '../orders';
import { writeAudit } from '../shared/audit.repository';
import { AppError, notFound } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { inTransaction } from '../shared/jobs';
import { addDays, nowIso, todayIso } from '../shared/time';
import * as repo from './quotes.repository';
import { findVisibleQuote } from './quotes.service';

/** A new order (created), or the order an earlier accept already made: the caller picks how to say so. */
export type AcceptedQuote =
  | {
      created: true;
      orderId: string;
      orderNumber: string;
      orderStatus: TakenOrder['status'];
      dateChanges: DateChange[];
    }
  | { created: false; orderId: string };

export interface DateChange {
  /** The order's line number (catalog lines first, then non-catalog ones) and the quote's. */
  lineNo: number;
  quoteLineNo: number;
  quotedDate: string | null;
  confirmedDate: string | null;
}

const PRICE_COLUMNS = (l: repo.QuoteLineRow) => ({
  unit_price: String(l.unit_price),
  discount_pct: String(l.discount_pct),
  net_price: String(l.net_price),
  line_total: String(l.line_total),
});

/** A non-catalog line's date: its lead time counted from today, never earlier than quoted. */
function customDate(l: repo.QuoteLineRow, today: string): string | null {
  if (l.lead_time_days === null) return l.quoted_date;
  const fromToday = addDays(today, Number(l.lead_time_days));
  const earliest = fromToday > l.requested_date ? fromToday : l.requested_date;
  return l.quoted_date && l.quoted_date > earliest ? l.quoted_date : earliest;
}

function frozenQuote(
  quote: repo.QuoteRow,
  rev: repo.RevisionRow,
  catalog: repo.QuoteLineRow[],
  custom: repo.QuoteLineRow[],
  today: string,
): FrozenQuote {
  return {
    quoteId: quote.id,
    quoteNumber: quote.number,
    revision: Number(rev.revision),
    currency: quote.currency,
    paymentTerms: rev.payment_terms,
    incoterm: rev.incoterm,
    incotermPlace: rev.incoterm_place,
    termsNote: rev.terms_note,
    total: String(rev.total),
    prices: catalog.map(PRICE_COLUMNS),
    customLines: custom.map((l) => ({
      description: l.description ?? '',
      quantity: String(l.quantity),
      requested_date: l.requested_date,
      promised_date: customDate(l, today),
      lead_time_days: l.lead_time_days === null ? null : Number(l.lead_time_days),
      ...PRICE_COLUMNS(l),
    })),
  };
}

/**
 * POST /api/quotes/:id/accept: the current, sent, still valid revision becomes an order through
 * order intake (ATP is checked again: time has passed), in the same transaction that marks the
 * quote accepted under its lock. Accepting again answers with the same order: three accepts at
 * once make one order.
 */
export async function acceptQuote(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { revision: number; customerPo?: string },
  requestId?: string,
): Promise<AcceptedQuote> {
  const { db } = deps;
  const quote = await findVisibleQuote(db, actor, id);
  const again = (q: repo.QuoteRow): AcceptedQuote => {
    if (Number(q.accepted_revision) !== input.revision)
      throw new AppError(
        'illegal_state',
        `Revision ${q.accepted_revision} of this quote was accepted, not ${input.revision}`,
      );
    return { created: false, orderId: q.order_id! };
  };
  if (quote.order_id) return again(quote);
  const rev = await repo.findRevision(db, quote.id, input.revision);
  if (!rev || (actor.role === 'customer' && rev.sent_at === null)) throw notFound('Revision');
  assertAcceptable(quote, rev, input.revision);

  const lines = await repo.findLines(db, rev.id);
  const catalog = lines.filter((l) => l.sku !== null);
  const custom = lines.filter((l) => l.sku === null);
  const order: NewOrder = {
    accountId: quote.account_id,
    ...(input.customerPo && { customerPo: input.customerPo }),
    shipComplete: Boolean(rev.ship_complete),
    lines: catalog.map((l) => ({
      sku: l.sku!,
      quantity: Number(l.quantity),
      requestedDate: l.requested_date,
      ...(l.site_code && { site: l.site_code }),
    })),
  };
  const sites = await prepareOrder(db, actor, order);
  const today = todayIso();
  const frozen = frozenQuote(quote, rev, catalog, custom, today);

  const outcome = await inTransaction(
    deps,
    async (
      trx,
      publish,
    ): Promise<{ existing: repo.QuoteRow } | { taken: TakenOrder; changes: DateChange[] }> => {
      const now = nowIso();
      const locked = await repo.lockQuote(trx, quote.id, now);
      if (!locked) throw notFound('Quote');
      if (locked.order_id) return { existing: locked };
      assertAcceptable(locked, rev, input.revision);
      const taken = await writeOrder(trx, publish, actor, order, sites, { requestId, quote: frozen });
      const changes = dateChanges(catalog, taken, custom, frozen);
      await repo.updateRevision(trx, rev.id, { status: 'accepted' });
      await repo.updateQuote(trx, quote.id, {
        status: 'accepted',
        order_id: taken.orderId,
        accepted_revision: input.revision,
        updated_at: now,
      });
      const detail = { orderId: taken.orderId, orderNumber: taken.number, dateChanges: changes };
      await repo.insertEvent(trx, {
        quote_id: quote.id,
        revision: input.revision,
        kind: 'accepted',
        actor_id: actor.userId,
        at: now,
        reason: null,
        detail: JSON.stringify(detail),
      });
      await writeAudit(trx, {
        actor,
        action: 'quote.accepted',
        entity: 'quote',
        entityId: quote.id,
        detail: { revision: input.revision, ...detail },
        ...(requestId && { requestId }),
      });
      return { taken, changes };
    },
  );
  if ('existing' in outcome) return again(outcome.existing);

  const { taken, changes } = outcome;
  return {
    created: true,
    orderId: taken.orderId,
    orderNumber: taken.number,
    orderStatus: taken.status,
    dateChanges: changes,
  };
}

function assertAcceptable(quote: repo.QuoteRow, rev: repo.RevisionRow, revision: number): void {
  if (revision !== Number(quote.revision))
    throw new AppError('illegal_state', `Revision ${revision} was superseded by revision ${quote.revision}`);
  if (quote.status !== 'sent')
    throw new AppError('illegal_state', `The quote is ${quote.status}; only a sent quote can be accepted`);
  if (rev.valid_until < todayIso())
    throw new AppError('illegal_state', `The quote expired on ${rev.valid_until}`);
}

/** The lines whose confirmed date is not the date quoted: time has passed since the quote. */
function dateChanges(
  catalog: repo.QuoteLineRow[],
  taken: TakenOrder,
  custom: repo.QuoteLineRow[],
  frozen: FrozenQuote,
): DateChange[] {
  const out: DateChange[] = [];
  catalog.forEach((l, i) => {
    const confirmed = taken.promises[i]!.confirmedDate;
    if (confirmed !== l.quoted_date)
      out.push({
        lineNo: i + 1,
        quoteLineNo: Number(l.line_no),
        quotedDate: l.quoted_date,
        confirmedDate: confirmed,
      });
  });
  custom.forEach((l, i) => {
    const promised = frozen.customLines[i]!.promised_date;
    if (promised !== l.quoted_date)
      out.push({
        lineNo: catalog.length + i + 1,
        quoteLineNo: Number(l.line_no),
        quotedDate: l.quoted_date,
        confirmedDate: promised,
      });
  });
  return out;
}
