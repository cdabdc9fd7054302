import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { writeAudit } from '../shared/audit.repository';
import { nextNumber } from '../shared/sequences.repository';
import { AppError, notFound } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { ALL_ACCOUNTS } from '../shared/http/actor';
import { addDays, nowIso, todayIso } from '../shared/time';
import { moneyText, pctText } from '../shared/money';
import { PricedLines, priceLines } from './price-lines';
import * as pricingRepo from './pricing.repository';
import * as requestsRepo from './quote-requests.repository';
import type { NewQuote, QuoteLineInput } from './quotes.schemas';
import * as repo from './quotes.repository';
import { getQuote, resolveTerms, RevisionTerms } from './quotes.service';

export async function findAccountOr404(db: Knex, accountId: string): Promise<pricingRepo.QuoteAccountRow> {
  const account = await pricingRepo.findQuoteAccount(db, accountId);
  if (!account) throw notFound('Account');
  return account;
}

export function assertValidUntil(validUntil: string): void {
  if (validUntil < todayIso())
    throw new AppError('business_rule', 'A quote must be valid at least until today', [
      { path: '/validUntil', message: 'is in the past' },
    ]);
}

/** The revision row and its lines, inside the caller's transaction. */
export async function writeRevision(
  trx: Knex,
  r: {
    quoteId: string;
    revision: number;
    reason: string | null;
    validUntil: string;
    terms: RevisionTerms;
    priced: PricedLines;
    actorId: string;
    now: string;
  },
): Promise<string> {
  const id = crypto.randomUUID();
  await repo.insertRevision(trx, {
    id,
    quote_id: r.quoteId,
    revision: r.revision,
    status: 'draft',
    reason: r.reason,
    valid_until: r.validUntil,
    ...r.terms,
    total: moneyText(r.priced.total),
    max_discount_pct: pctText(r.priced.maxDiscount),
    approved_by: null,
    approved_at: null,
    approved_discount_pct: null,
    sent_by: null,
    sent_at: null,
    created_by: r.actorId,
    created_at: r.now,
  });
  await repo.insertLines(
    trx,
    r.priced.lines.map((l) => ({ ...l, id: crypto.randomUUID(), revision_id: id })),
  );
  return id;
}

/** The account manager of a new quote: the request's, else the one the ERP names for the account, else the author. */
async function accountManagerOf(
  db: Knex,
  actor: Actor,
  account: pricingRepo.QuoteAccountRow,
  request: requestsRepo.QuoteRequestRow | undefined,
): Promise<string | null> {
  if (request?.assigned_to) return request.assigned_to;
  const fromErp = account.account_manager_email
    ? await pricingRepo.findStaffIdByEmail(db, account.account_manager_email)
    : undefined;
  return fromErp ?? (actor.role === 'account_manager' ? actor.userId : null);
}

/** POST /api/quotes: a priced, dated draft (revision 1), blank or from a quote request. */
export async function createQuote(deps: Deps, actor: Actor, input: NewQuote, requestId?: string) {
  const { db, config } = deps;
  const account = await findAccountOr404(db, input.accountId);
  let request: requestsRepo.QuoteRequestRow | undefined;
  let lines: QuoteLineInput[] | undefined = input.lines;
  if (input.quoteRequestId) {
    request = await requestsRepo.findRequest(db, ALL_ACCOUNTS, input.quoteRequestId);
    if (!request || request.account_id !== input.accountId)
      throw new AppError('business_rule', "The quote request is not this account's", [
        { path: '/quoteRequestId', message: 'no such request for this account' },
      ]);
    if (request.status === 'declined') throw new AppError('illegal_state', 'The quote request was declined');
    lines ??= (await requestsRepo.findRequestLines(db, request.id)).map((l) => ({
      ...(l.sku ? { sku: l.sku } : { description: l.description ?? '' }),
      quantity: Number(l.quantity),
      requestedDate: l.requested_date,
    }));
  }
  if (!lines?.length)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/lines', message: 'is required (or name a quoteRequestId)' },
    ]);
  const currency = input.currency ?? account.currency ?? 'EUR';
  const terms = resolveTerms(account, input.terms);
  const validUntil = input.validUntil ?? addDays(todayIso(), config.quoteValidityDays);
  assertValidUntil(validUntil);
  // Lines taken over from a request may lack a price (a non-catalog item): the draft shows them as missing.
  const priced = await priceLines(db, lines, {
    erpCustomerId: account.erp_customer_id,
    currency,
    shipComplete: Boolean(terms.ship_complete),
    allowMissingPrice: !input.lines,
    incoterm: terms.incoterm,
    country: account.country,
  });
  const manager = await accountManagerOf(db, actor, account, request);

  const id = crypto.randomUUID();
  const now = nowIso();
  await db.transaction(async (trx) => {
    const number = await nextNumber(trx, 'quote', 'Q');
    await repo.insertQuote(trx, {
      id,
      number,
      account_id: account.id,
      quote_request_id: request?.id ?? null,
      status: 'draft',
      revision: 1,
      currency,
      valid_until: validUntil,
      account_manager_id: manager,
      created_by: actor.userId,
      order_id: null,
      accepted_revision: null,
      created_at: now,
      updated_at: now,
    });
    await writeRevision(trx, {
      quoteId: id,
      revision: 1,
      reason: null,
      validUntil,
      terms,
      priced,
      actorId: actor.userId,
      now,
    });
    await repo.insertEvent(trx, {
      quote_id: id,
      revision: 1,
      kind: 'created',
      actor_id: actor.userId,
      at: now,
      reason: request ? `from quote request ${request.number}` : null,
      detail: null,
    });
    await writeAudit(trx, {
      actor,
      action: 'quote.created',
      entity: 'quote',
      entityId: id,
      detail: { number, lines: lines.length },
      ...(requestId && { requestId }),
    });
  });
  return getQuote(db, actor, id);
}
