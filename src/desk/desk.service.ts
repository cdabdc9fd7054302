import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { getAccount } from '../accounts';
import { writeAudit } from '../shared/audit.repository';
import { AppError, ErrorDetail, notFound } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { addMinutesIso, nowIso } from './desk-time';
import * as repo from './desk.repository';
import type { InteractionKind, ListFollowUpsQuery, NewFollowUp, NewInteraction } from './desk.schemas';

/** A follow-up takes a slot of this many minutes from its due time; two slots of one owner that overlap collide. */
export const SLOT_MINUTES = 30;

const toInteraction = (r: repo.InteractionRow) => ({
  id: r.id,
  accountId: r.account_id,
  kind: r.kind as InteractionKind,
  subject: r.subject,
  note: r.note,
  people: r.people,
  occurredAt: r.occurred_at,
  quoteId: r.quote_id,
  orderId: r.order_id,
  caseId: r.case_id,
  internal: Boolean(r.internal),
  source: r.source as 'staff' | 'mail',
  createdBy: r.created_by,
});
export type Interaction = ReturnType<typeof toInteraction>;

export const toFollowUp = (r: repo.FollowUpView) => ({
  id: r.id,
  ownerId: r.owner_id,
  ownerEmail: r.owner_email,
  accountId: r.account_id,
  accountName: r.account_name,
  subject: r.subject,
  dueAt: r.due_at,
  status: r.status as 'open' | 'done',
  quoteId: r.quote_id,
  orderId: r.order_id,
  caseId: r.case_id,
  remindedAt: r.reminded_at,
});
export type FollowUp = ReturnType<typeof toFollowUp>;

/** Any instant the schema accepted (an offset, or none meaning UTC), stored in one format so instants compare as text. */
function instant(value: string, path: string): string {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms))
    throw new AppError('validation_failed', 'Request is invalid', [{ path, message: 'is not a time' }]);
  return new Date(ms).toISOString();
}

/** The quote, order and case named must be the account's own. */
async function checkRefs(
  db: Knex,
  accountId: string,
  refs: Partial<Record<repo.RecordRef, string>>,
): Promise<void> {
  const problems: ErrorDetail[] = [];
  for (const [ref, id] of Object.entries(refs) as Array<[repo.RecordRef, string | undefined]>) {
    if (id !== undefined && !(await repo.recordOnAccount(db, ref, id, accountId)))
      problems.push({ path: `/${ref}`, message: 'is not a record of this account' });
  }
  if (problems.length)
    throw new AppError('business_rule', 'The record named is not on this account', problems);
}

/** The account's interactions, newest first; a customer sees only those that are not internal (the mails we sent it). */
export async function listInteractions(db: Knex, actor: Actor, accountId: string, limit = 100) {
  await getAccount(db, actor, accountId);
  const rows = await repo.listInteractions(db, accountId, {
    includeInternal: actor.role !== 'customer',
    limit,
  });
  return rows.map(toInteraction);
}

export async function logInteraction(
  db: Knex,
  actor: Actor,
  accountId: string,
  input: NewInteraction,
  requestId?: string,
) {
  await getAccount(db, actor, accountId);
  await checkRefs(db, accountId, { quoteId: input.quoteId, orderId: input.orderId, caseId: input.caseId });
  const now = nowIso();
  const row: repo.InteractionRow = {
    id: crypto.randomUUID(),
    account_id: accountId,
    kind: input.kind,
    occurred_at: input.occurredAt ? instant(input.occurredAt, '/occurredAt') : now,
    subject: input.subject,
    note: input.note ?? null,
    people: input.people ?? null,
    quote_id: input.quoteId ?? null,
    order_id: input.orderId ?? null,
    case_id: input.caseId ?? null,
    internal: true,
    source: 'staff',
    created_by: actor.userId,
    created_at: now,
  };
  await db.transaction(async (trx) => {
    await repo.insertInteraction(trx, row);
    await writeAudit(trx, {
      actor,
      action: 'interaction.logged',
      entity: 'account',
      entityId: accountId,
      detail: { interactionId: row.id, kind: row.kind },
      ...(requestId && { requestId }),
    });
  });
  return toInteraction(row);
}

/** A mail FactoryDesk sent to the customer, logged on its account as an e-mail the customer may see. */
export async function logSentMail(
  db: Knex,
  mail: { accountId: string; subject: string; people: string; quoteId?: string; orderId?: string },
): Promise<void> {
  const now = nowIso();
  await repo.insertInteraction(db, {
    id: crypto.randomUUID(),
    account_id: mail.accountId,
    kind: 'email',
    occurred_at: now,
    subject: mail.subject.slice(0, 200),
    note: null,
    people: mail.people.slice(0, 500),
    quote_id: mail.quoteId ?? null,
    order_id: mail.orderId ?? null,
    case_id: null,
    internal: false,
    source: 'mail',
    created_by: null,
    created_at: now,
  });
}

/**
 * Sets a follow-up (the owner is the caller unless another staff member is named) and answers it
 * with the owner's open follow-ups whose slot overlaps its own: a warning, never a refusal, since
 * two short calls in one half hour may be meant.
 */
export async function createFollowUp(db: Knex, actor: Actor, input: NewFollowUp, requestId?: string) {
  await getAccount(db, actor, input.accountId);
  const ownerId = input.ownerId ?? actor.userId;
  if (!(await repo.findActiveStaffUser(db, ownerId)))
    throw new AppError('business_rule', 'The owner must be an active member of staff', [
      { path: '/ownerId', message: 'not an active member of staff' },
    ]);
  await checkRefs(db, input.accountId, {
    quoteId: input.quoteId,
    orderId: input.orderId,
    caseId: input.caseId,
  });
  const dueAt = instant(input.dueAt, '/dueAt');
  const now = nowIso();
  const row: repo.FollowUpRow = {
    id: crypto.randomUUID(),
    owner_id: ownerId,
    account_id: input.accountId,
    quote_id: input.quoteId ?? null,
    order_id: input.orderId ?? null,
    case_id: input.caseId ?? null,
    subject: input.subject,
    due_at: dueAt,
    status: 'open',
    reminded_at: null,
    done_at: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await db.transaction(async (trx) => {
    await repo.insertFollowUp(trx, row);
    await writeAudit(trx, {
      actor,
      action: 'follow_up.created',
      entity: 'account',
      entityId: input.accountId,
      detail: { followUpId: row.id, ownerId },
      ...(requestId && { requestId }),
    });
  });
  const collisions = await repo.findOpenFollowUpsBetween(
    db,
    ownerId,
    addMinutesIso(dueAt, -SLOT_MINUTES),
    addMinutesIso(dueAt, SLOT_MINUTES),
    row.id,
  );
  const created = (await repo.findFollowUp(db, row.id))!;
  return { ...toFollowUp(created), collisions: collisions.map(toFollowUp) };
}

/** Follow-ups of the team (or one owner, or one account) due in [from, to] (whole UTC days), soonest first. */
export async function listFollowUps(db: Knex, q: ListFollowUpsQuery, limit = 500) {
  if (q.from && q.to && q.to < q.from)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/to', message: 'is before from' },
    ]);
  const rows = await repo.listFollowUps(
    db,
    {
      ...(q.ownerId && { ownerId: q.ownerId }),
      ...(q.accountId && { accountId: q.accountId }),
      ...(q.status && { status: q.status }),
      ...(q.from && { from: `${q.from}T00:00:00.000Z` }),
      ...(q.to && { before: addMinutesIso(`${q.to}T00:00:00.000Z`, 24 * 60) }),
    },
    limit,
  );
  return rows.map(toFollowUp);
}

/** Done: by its owner or an admin; answers 409 when it is done already. */
export async function completeFollowUp(db: Knex, actor: Actor, id: string) {
  const f = await repo.findFollowUp(db, id);
  if (!f) throw notFound('Follow-up');
  if (f.owner_id !== actor.userId && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only its owner or an admin can close a follow-up');
  if (!(await repo.completeFollowUp(db, id, nowIso())))
    throw new AppError('illegal_state', 'The follow-up is done already');
  return toFollowUp((await repo.findFollowUp(db, id))!);
}

export { findDueUnremindedFollowUps, markReminded } from './desk.repository';
