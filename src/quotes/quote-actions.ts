import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { writeAudit } from '../shared/audit.repository';
import { AppError, ErrorDetail } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { type EventContext, inTransaction, type Publish } from '../shared/jobs';
import { nowIso, todayIso } from '../shared/time';
import { parsePct, pctNumber } from '../shared/money';
import { lineDiscount } from './price-lines';
import * as requestsRepo from './quote-requests.repository';
import type { CounterOffer } from './quotes.schemas';
import { CounterOfferReceived, QuoteApprovalRequested, QuoteApproved, QuoteSent } from '../shared/events';
import * as repo from './quotes.repository';
import { findVisibleQuote, getQuote } from './quotes.service';

interface Current {
  quote: repo.QuoteRow;
  revision: repo.RevisionRow;
}

async function current(db: Knex, actor: Actor, id: string): Promise<Current> {
  const quote = await findVisibleQuote(db, actor, id);
  return { quote, revision: (await repo.findRevision(db, quote.id, Number(quote.revision)))! };
}

/**
 * Runs a status move in one transaction under the quote's lock, re-checking that the revision
 * and status are still the ones the checks above it saw: of two racing moves, one wins (409).
 */
async function moveQuote(
  deps: EventContext,
  c: Current,
  allowed: string[],
  apply: (trx: Knex, now: string, publish: Publish) => Promise<void>,
): Promise<void> {
  const now = nowIso();
  await inTransaction(deps, async (trx, publish) => {
    const locked = await repo.lockQuote(trx, c.quote.id, now);
    if (!locked || Number(locked.revision) !== Number(c.quote.revision) || !allowed.includes(locked.status)) {
      throw new AppError(
        'illegal_state',
        `The quote is ${locked?.status ?? 'gone'}; this is not possible now`,
      );
    }
    await apply(trx, now, publish);
  });
}

const thousandths = (pct: number): bigint => BigInt(Math.round(pct * 1000));

/** What the sender may not send alone: lines whose discount is beyond the role's authority, unless an admin approved this revision's discount. */
async function approvalProblems(
  db: Knex,
  deps: Deps,
  actor: Actor,
  r: repo.RevisionRow,
): Promise<ErrorDetail[]> {
  const authority = thousandths(deps.config.discountAuthority[actor.role] ?? 0);
  const max = parsePct(r.max_discount_pct);
  if (max <= authority) return [];
  if (r.approved_discount_pct !== null && parsePct(r.approved_discount_pct) >= max) return [];
  const lines = await repo.findLines(db, r.id);
  return lines.flatMap((l, i) => {
    const d = lineDiscount(l);
    return d > authority
      ? [
          {
            path: `/lines/${i}`,
            message: `line ${l.line_no}: discount ${pctNumber(d)} % is beyond the ${deps.config.discountAuthority[actor.role] ?? 0} % a ${actor.role} may give`,
          },
        ]
      : [];
  });
}

/** POST /api/quotes/:id/send */
export async function sendQuote(deps: Deps, actor: Actor, id: string, requestId?: string) {
  const { db } = deps;
  const c = await current(db, actor, id);
  if (!['draft', 'pending_approval'].includes(c.revision.status))
    throw new AppError(
      'illegal_state',
      `Revision ${c.revision.revision} is ${c.revision.status}: a change needs a new revision`,
    );
  if (c.revision.valid_until < todayIso())
    throw new AppError('business_rule', 'The validity has ended: revise the quote with a new validUntil', [
      { path: '/validUntil', message: 'is in the past' },
    ]);
  const lines = await repo.findLines(db, c.revision.id);
  const missing = lines.flatMap((l, i) =>
    l.price_source === 'missing'
      ? [{ path: `/lines/${i}/unitPrice`, message: `line ${l.line_no} has no price yet` }]
      : [],
  );
  if (missing.length) throw new AppError('business_rule', 'Some lines have no price', missing);
  const beyond = await approvalProblems(db, deps, actor, c.revision);
  if (beyond.length)
    throw new AppError(
      'approval_required',
      'A discount is beyond your authority: an admin must approve this revision first',
      beyond,
    );

  await moveQuote(deps, c, ['draft', 'pending_approval'], async (trx, now, publish) => {
    await repo.updateRevision(trx, c.revision.id, { status: 'sent', sent_by: actor.userId, sent_at: now });
    await repo.updateQuote(trx, c.quote.id, { status: 'sent', updated_at: now });
    if (c.quote.quote_request_id)
      await requestsRepo.moveRequest(trx, c.quote.quote_request_id, ['open'], {
        status: 'quoted',
        updated_at: now,
      });
    await repo.insertEvent(trx, {
      quote_id: c.quote.id,
      revision: Number(c.revision.revision),
      kind: 'sent',
      actor_id: actor.userId,
      at: now,
      reason: null,
      detail: null,
    });
    await writeAudit(trx, {
      actor,
      action: 'quote.sent',
      entity: 'quote',
      entityId: c.quote.id,
      detail: { revision: Number(c.revision.revision) },
      ...(requestId && { requestId }),
    });
    publish(QuoteSent, { quoteId: c.quote.id, revision: Number(c.revision.revision) });
  });
  return getQuote(db, actor, id);
}

/** POST /api/quotes/:id/request-approval: puts a draft whose discount needs it before the admins. */
export async function requestApproval(deps: Deps, actor: Actor, id: string, note?: string) {
  const c = await current(deps.db, actor, id);
  if (c.revision.status !== 'draft')
    throw new AppError('illegal_state', `Revision ${c.revision.revision} is ${c.revision.status}`);
  if (!(await approvalProblems(deps.db, deps, actor, c.revision)).length)
    throw new AppError('business_rule', 'This revision is within your authority: send it');
  await moveQuote(deps, c, ['draft'], async (trx, now, publish) => {
    await repo.updateRevision(trx, c.revision.id, { status: 'pending_approval' });
    await repo.updateQuote(trx, c.quote.id, { status: 'pending_approval', updated_at: now });
    await repo.insertEvent(trx, {
      quote_id: c.quote.id,
      revision: Number(c.revision.revision),
      kind: 'approval_requested',
      actor_id: actor.userId,
      at: now,
      reason: note ?? null,
      detail: JSON.stringify({ maxDiscountPct: Number(c.revision.max_discount_pct) }),
    });
    publish(QuoteApprovalRequested, { quoteId: c.quote.id, revision: Number(c.revision.revision) });
  });
  return getQuote(deps.db, actor, id);
}

/** POST /api/quotes/:id/approve (admin): this revision's discount may be sent; audited. */
export async function approveQuote(deps: Deps, actor: Actor, id: string, note?: string, requestId?: string) {
  const c = await current(deps.db, actor, id);
  await moveQuote(deps, c, ['draft', 'pending_approval'], async (trx, now, publish) => {
    await repo.updateRevision(trx, c.revision.id, {
      status: 'draft',
      approved_by: actor.userId,
      approved_at: now,
      approved_discount_pct: c.revision.max_discount_pct,
    });
    await repo.updateQuote(trx, c.quote.id, { status: 'draft', updated_at: now });
    const detail = { maxDiscountPct: Number(c.revision.max_discount_pct) };
    await repo.insertEvent(trx, {
      quote_id: c.quote.id,
      revision: Number(c.revision.revision),
      kind: 'approved',
      actor_id: actor.userId,
      at: now,
      reason: note ?? null,
      detail: JSON.stringify(detail),
    });
    await writeAudit(trx, {
      actor,
      action: 'quote.approved',
      entity: 'quote',
      entityId: c.quote.id,
      detail: { revision: Number(c.revision.revision), ...detail, note: note ?? null },
      ...(requestId && { requestId }),
    });
    publish(QuoteApproved, { quoteId: c.quote.id, revision: Number(c.revision.revision) });
  });
  return getQuote(deps.db, actor, id);
}

/** POST /api/quotes/:id/reject: the customer (or its account manager for it) declines the sent revision. */
export async function rejectQuote(deps: Deps, actor: Actor, id: string, reason: string) {
  const c = await current(deps.db, actor, id);
  await moveQuote(deps, c, ['sent'], async (trx, now) => {
    await repo.updateRevision(trx, c.revision.id, { status: 'rejected' });
    await repo.updateQuote(trx, c.quote.id, { status: 'rejected', updated_at: now });
    await repo.insertEvent(trx, {
      quote_id: c.quote.id,
      revision: Number(c.revision.revision),
      kind: 'rejected',
      actor_id: actor.userId,
      at: now,
      reason,
      detail: null,
    });
    await writeAudit(trx, {
      actor,
      action: 'quote.rejected',
      entity: 'quote',
      entityId: c.quote.id,
      detail: { revision: Number(c.revision.revision), reason },
    });
  });
  return getQuote(deps.db, actor, id);
}

/** POST /api/quotes/:id/counter-offers: the customer's target price or date per line, kept in the history. */
export async function counterOffer(deps: Deps, actor: Actor, id: string, input: CounterOffer) {
  const c = await current(deps.db, actor, id);
  if (input.revision !== Number(c.quote.revision))
    throw new AppError(
      'illegal_state',
      `Revision ${input.revision} is not the current one (${c.quote.revision})`,
    );
  const lineNos = new Set((await repo.findLines(deps.db, c.revision.id)).map((l) => Number(l.line_no)));
  const unknown = input.lines.flatMap((l, i) =>
    lineNos.has(l.lineNo)
      ? []
      : [{ path: `/lines/${i}/lineNo`, message: `revision ${input.revision} has no line ${l.lineNo}` }],
  );
  if (unknown.length) throw new AppError('business_rule', 'Some lines are not in this revision', unknown);
  await moveQuote(deps, c, ['sent'], async (trx, now, publish) => {
    await repo.insertEvent(trx, {
      quote_id: c.quote.id,
      revision: input.revision,
      kind: 'counter_offer',
      actor_id: actor.userId,
      at: now,
      reason: input.note ?? null,
      detail: JSON.stringify({ lines: input.lines }),
    });
    publish(CounterOfferReceived, { quoteId: c.quote.id, revision: input.revision, at: now });
  });
  return getQuote(deps.db, actor, id);
}
