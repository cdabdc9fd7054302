import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { milliText, toMilli } from '../shared/quantity';
import { writeAudit } from '../shared/audit.repository';
import { nextNumber } from '../shared/sequences.repository';
import { AppError, notFound } from '../shared/errors';
import { accountScopeOf, Actor, assertActsFor } from '../shared/http/actor';
import { decodeCursor, parseLimit, toPage } from '../shared/http/pagination';
import { nowIso } from '../shared/time';
import { QuoteRequestReceived } from '../shared/events';
import { type EventContext, inTransaction } from '../shared/jobs';
import * as pricingRepo from './pricing.repository';
import type { ListRequestsQuery, NewRequest } from './quote-requests.schemas';
import * as repo from './quote-requests.repository';

function toRequest(r: repo.QuoteRequestRow, lines?: repo.QuoteRequestLineRow[]) {
  return {
    id: r.id,
    number: r.number,
    accountId: r.account_id,
    status: r.status,
    assignedTo: r.assigned_to,
    notes: r.notes,
    declineReason: r.decline_reason,
    createdAt: r.created_at,
    ...(lines && {
      lines: lines.map((l) => ({
        lineNo: Number(l.line_no),
        sku: l.sku,
        description: l.description,
        quantity: Number(l.quantity),
        requestedDate: l.requested_date,
        notes: l.notes,
      })),
    }),
  };
}

/**
 * POST /api/quote-requests: an inquiry, from an account manager or the customer itself; assigned to
 * the account's manager. Its staff hear of it after the commit (QuoteRequestReceived).
 */
export async function createRequest(deps: EventContext, actor: Actor, input: NewRequest, requestId?: string) {
  const { db } = deps;
  assertActsFor(accountScopeOf(actor), input.accountId);
  const account = await pricingRepo.findQuoteAccount(db, input.accountId);
  if (!account) throw notFound('Account');
  const problems = input.lines.flatMap((l, i) =>
    l.sku || l.description
      ? []
      : [{ path: `/lines/${i}`, message: 'a line names a sku or describes a non-catalog item' }],
  );
  const skus = input.lines.flatMap((l) => (l.sku ? [l.sku] : []));
  const known = new Set(
    (await pricingRepo.findQuoteItems(db, skus)).filter((i) => Boolean(i.active)).map((i) => i.sku),
  );
  input.lines.forEach((l, i) => {
    if (l.sku && !known.has(l.sku))
      problems.push({
        path: `/lines/${i}/sku`,
        message: `unknown or inactive sku ${l.sku}; describe the item instead`,
      });
  });
  if (problems.length) throw new AppError('business_rule', 'Some lines cannot be requested', problems);
  const assigned = account.account_manager_email
    ? await pricingRepo.findStaffIdByEmail(db, account.account_manager_email)
    : undefined;
  const id = crypto.randomUUID();
  const now = nowIso();
  await inTransaction(deps, async (trx, publish) => {
    const number = await nextNumber(trx, 'quote_request', 'RFQ');
    await repo.insertRequest(trx, {
      id,
      number,
      account_id: account.id,
      status: 'open',
      assigned_to: assigned ?? null,
      notes: input.notes ?? null,
      decline_reason: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await repo.insertRequestLines(
      trx,
      input.lines.map((l, i) => ({
        id: crypto.randomUUID(),
        quote_request_id: id,
        line_no: i + 1,
        sku: l.sku ?? null,
        description: l.description ?? null,
        quantity: milliText(toMilli(l.quantity)),
        requested_date: l.requestedDate,
        notes: l.notes ?? null,
      })),
    );
    await writeAudit(trx, {
      actor,
      action: 'quote_request.created',
      entity: 'quote_request',
      entityId: id,
      detail: { number },
      ...(requestId && { requestId }),
    });
    publish(QuoteRequestReceived, { quoteRequestId: id });
  });
  return getRequest(db, actor, id);
}

export async function getRequest(db: Knex, actor: Actor, id: string) {
  const r = await repo.findRequest(db, accountScopeOf(actor), id);
  if (!r) throw notFound('Quote request');
  return toRequest(r, await repo.findRequestLines(db, r.id));
}

export async function listRequests(db: Knex, actor: Actor, q: ListRequestsQuery) {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 2);
  const filter = {
    ...(q.accountId && { accountId: q.accountId }),
    ...(q.status && { status: q.status }),
    ...(q.assignedTo && { assignedTo: q.assignedTo }),
  };
  const rows = await repo.listRequests(db, accountScopeOf(actor), filter, limit, after);
  return toPage(
    rows,
    limit,
    (r) => toRequest(r),
    (r) => [r.created_at, r.id],
  );
}

export async function declineRequest(db: Knex, actor: Actor, id: string, reason: string) {
  const r = await repo.findRequest(db, accountScopeOf(actor), id);
  if (!r) throw notFound('Quote request');
  await db.transaction(async (trx) => {
    if (
      !(await repo.moveRequest(trx, id, ['open'], {
        status: 'declined',
        decline_reason: reason,
        updated_at: nowIso(),
      }))
    ) {
      throw new AppError('illegal_state', `A ${r.status} quote request cannot be declined`);
    }
    await writeAudit(trx, {
      actor,
      action: 'quote_request.declined',
      entity: 'quote_request',
      entityId: id,
      detail: { reason },
    });
  });
  return getRequest(db, actor, id);
}

export async function assignRequest(db: Knex, actor: Actor, id: string, userId: string) {
  if (!(await repo.findRequest(db, accountScopeOf(actor), id))) throw notFound('Quote request');
  if (!(await repo.findStaffUser(db, userId)))
    throw new AppError('business_rule', 'Only an active account manager or admin can be assigned', [
      { path: '/userId', message: 'not an active account manager or admin' },
    ]);
  await repo.assignRequest(db, id, userId, nowIso());
  return getRequest(db, actor, id);
}

/**
 * An account manager (or admin) takes an open request nobody has. Conditional on it being
 * unassigned, so of two taking it at once one gets it and the other is told (409).
 */
export async function takeRequest(db: Knex, actor: Actor, id: string) {
  const r = await repo.findRequest(db, accountScopeOf(actor), id);
  if (!r) throw notFound('Quote request');
  if (r.assigned_to === actor.userId) return getRequest(db, actor, id);
  if (!(await repo.findStaffUser(db, actor.userId)))
    throw new AppError('forbidden', 'Only an active account manager or admin can take a request');
  if (!(await repo.takeUnassignedRequest(db, id, actor.userId, nowIso())))
    throw new AppError(
      'illegal_state',
      r.status === 'open'
        ? `Request ${r.number} is assigned to someone else already`
        : `Request ${r.number} is ${r.status}`,
    );
  return getRequest(db, actor, id);
}

/** The active account managers and admins a request can be assigned to. */
export async function assignableStaff(db: Knex) {
  return repo.listAssignableStaff(db);
}
