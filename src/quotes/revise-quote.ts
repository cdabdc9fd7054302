import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { writeAudit } from '../shared/audit.repository';
import { AppError } from '../shared/errors';
import { ALL_ACCOUNTS, Actor } from '../shared/http/actor';
import { nowIso } from '../shared/time';
import { assertValidUntil, findAccountOr404, writeRevision } from './create-quote';
import { LineDraft, PricedLines, PricingContext, priceLines, summarize } from './price-lines';
import type { NewRevision, QuoteLineInput } from './quotes.schemas';
import * as repo from './quotes.repository';
import { getQuote, resolveTerms } from './quotes.service';

/** What a revision starts from when it names no lines: the lines as quoted, to be re-dated only if shipping together changed. */
export const asInput = (l: repo.QuoteLineRow): QuoteLineInput => ({
  ...(l.sku ? { sku: l.sku } : { description: l.description ?? '' }),
  quantity: Number(l.quantity),
  requestedDate: l.requested_date,
  unitPrice: Number(l.unit_price),
  discountPct: Number(l.discount_pct),
  ...(l.lead_time_days !== null && { leadTimeDays: Number(l.lead_time_days) }),
  ...(l.site_code && { site: l.site_code }),
});

const keep = (l: repo.QuoteLineRow): LineDraft => {
  const { id: _id, revision_id: _rev, ...draft } = l;
  return draft;
};

/** The quote and its current revision, for a change that makes the next revision (staff only: no account scope). */
export async function findRevisable(
  db: Knex,
  id: string,
): Promise<{ quote: repo.QuoteRow; current: repo.RevisionRow }> {
  const quote = await repo.findQuote(db, ALL_ACCOUNTS, id);
  if (!quote) throw new AppError('not_found', 'Quote not found');
  if (quote.status === 'accepted')
    throw new AppError('illegal_state', 'An accepted quote is not revised: change the order instead');
  return { quote, current: (await repo.findRevision(db, quote.id, Number(quote.revision)))! };
}

/**
 * POST /api/quotes/:id/revisions: every change to a quote is a new revision; the earlier ones stay
 * readable and become `superseded`. Lines given are priced and dated afresh; lines omitted are
 * kept as quoted (prices and dates), except that a change of ship-complete re-dates them.
 */
export async function reviseQuote(
  deps: Deps,
  actor: Actor,
  id: string,
  input: NewRevision,
  requestId?: string,
) {
  const { db } = deps;
  const { quote, current } = await findRevisable(db, id);
  const account = await findAccountOr404(db, quote.account_id);
  const terms = resolveTerms(account, input.terms, current);
  const validUntil = input.validUntil ?? current.valid_until;
  assertValidUntil(validUntil);
  const ctx = {
    erpCustomerId: account.erp_customer_id,
    currency: quote.currency,
    shipComplete: Boolean(terms.ship_complete),
    incoterm: terms.incoterm,
    country: account.country,
  };
  const priced = input.lines
    ? await priceLines(db, input.lines, ctx)
    : await keepLines(
        db,
        await repo.findLines(db, current.id),
        ctx,
        Boolean(current.ship_complete) !== Boolean(terms.ship_complete) ||
          (current.incoterm ?? null) !== (terms.incoterm ?? null),
      );
  return writeNextRevision(
    deps,
    actor,
    quote,
    { reason: input.reason, validUntil, terms, priced },
    requestId,
  );
}

async function keepLines(
  db: Knex,
  lines: repo.QuoteLineRow[],
  ctx: PricingContext,
  redate: boolean,
): Promise<PricedLines> {
  if (!redate) return summarize(lines.map(keep));
  const dated = await priceLines(db, lines.map(asInput), { ...ctx, allowMissingPrice: true });
  return summarize(
    lines.map((l, i) => ({
      ...keep(l),
      quoted_date: dated.lines[i]!.quoted_date,
      date_source: dated.lines[i]!.date_source,
      transit_days: dated.lines[i]!.transit_days ?? null,
      promised_by: dated.lines[i]!.promised_by ?? 'ship',
      date_note: dated.lines[i]!.date_note ?? null,
    })),
  );
}

/** The new revision in one transaction; a revision made meanwhile by someone else answers 409. */
export async function writeNextRevision(
  deps: Deps,
  actor: Actor,
  quote: repo.QuoteRow,
  next: { reason: string; validUntil: string; terms: ReturnType<typeof resolveTerms>; priced: PricedLines },
  requestId?: string,
) {
  const now = nowIso();
  const revision = Number(quote.revision) + 1;
  await deps.db.transaction(async (trx) => {
    const locked = await repo.lockQuote(trx, quote.id, now);
    if (!locked || Number(locked.revision) !== revision - 1 || locked.status === 'accepted') {
      throw new AppError(
        'conflict',
        'The quote changed meanwhile: read it again and revise the current revision',
      );
    }
    const previous = (await repo.findRevision(trx, quote.id, revision - 1))!;
    await repo.updateRevision(trx, previous.id, { status: 'superseded' });
    await writeRevision(trx, {
      quoteId: quote.id,
      revision,
      reason: next.reason,
      validUntil: next.validUntil,
      terms: next.terms,
      priced: next.priced,
      actorId: actor.userId,
      now,
    });
    await repo.updateQuote(trx, quote.id, {
      revision,
      status: 'draft',
      valid_until: next.validUntil,
      updated_at: now,
    });
    await repo.insertEvent(trx, {
      quote_id: quote.id,
      revision,
      kind: 'revised',
      actor_id: actor.userId,
      at: now,
      reason: next.reason,
      detail: null,
    });
    await writeAudit(trx, {
      actor,
      action: 'quote.revised',
      entity: 'quote',
      entityId: quote.id,
      detail: { revision, reason: next.reason },
      ...(requestId && { requestId }),
    });
  });
  return getQuote(deps.db, actor, quote.id);
}
