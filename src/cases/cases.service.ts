import { currentTime } from '../shared/clock';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { accountExists } from '../accounts';
import type { Deps } from '../deps';
import { AppError, notFound } from '../shared/errors';
import { type AccountScope, type Actor, accountScopeOf, assertActsFor } from '../shared/http/actor';
import { decodeCursor, type Page, parseLimit, toPage } from '../shared/http/pagination';
import { nextNumber } from '../shared/sequences.repository';
import {
  breachEvent,
  calendarOf,
  clockColumns,
  clocksAfterStatus,
  clocksOf,
  newBreaches,
  slaOf,
} from './case-sla';
import * as repo from './cases.repository';
import type {
  CaseDetail,
  CaseStatus,
  CaseSummary,
  Channel,
  ListCasesQuery,
  NewCase,
  NewMessage,
  Priority,
  Severity,
  StatusChange,
  TimelineEntry,
  Warranty,
} from './cases.schemas';
import { rmasOfCase } from './rma.service';
import { priorityOf, warrantyOf } from './case-rules';
import { stopClock } from './sla.engine';
import { causeForClosing } from './causes.service';
import { resolutionOf } from './knowledge.service';

/** The moves the contract allows (api.md, "Service cases"); any other answers 409. */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'waiting_on_customer', 'resolved'],
  open: ['waiting_on_customer', 'resolved'],
  waiting_on_customer: ['open', 'resolved'],
  resolved: ['closed'],
  closed: [],
};

/** A customer's reply reopens a case resolved at most this long ago. */
export const REOPEN_DAYS = 14;

type Db = Pick<Deps, 'db' | 'config'>;

function toSummary(deps: Db, row: repo.CaseRow, now: number): CaseSummary {
  const { sla } = slaOf(calendarOf(deps.config), row.created_at, clocksOf(row), now);
  const warranty: Warranty | null =
    row.warranty_until === null
      ? null
      : {
          applies: Boolean(row.warranty_applies),
          until: row.warranty_until,
          reason: row.warranty_reason ?? '',
        };
  return {
    id: row.id,
    number: row.number,
    accountId: row.account_id,
    type: row.type as CaseSummary['type'],
    subject: row.subject,
    orderId: row.order_id,
    lineNo: row.line_no === null ? null : Number(row.line_no),
    serialOrBatch: row.serial_or_batch,
    severity: row.severity as Severity,
    priority: row.priority as Priority,
    channel: row.channel as Channel,
    status: row.status as CaseStatus,
    assignee: row.assignee_id,
    sla,
    breached: Boolean(row.breached),
    warranty,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEntry(e: repo.CaseEventRow): TimelineEntry {
  return {
    at: e.at,
    kind: e.kind,
    actorId: e.actor_id,
    internal: Boolean(e.internal),
    body: e.body,
    from: e.from_value,
    to: e.to_value,
    detail: e.detail,
  };
}

// ---------------------------------------------------------------------------------------------
// Opening a case

export async function openCase(
  deps: Db,
  actor: Actor,
  input: NewCase,
  now = currentTime(),
): Promise<CaseDetail> {
  const scope = accountScopeOf(actor);
  assertActsFor(scope, input.accountId);
  if (input.lineNo !== undefined && input.orderId === undefined)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/orderId', message: 'is required with lineNo' },
    ]);
  const { db, config } = deps;
  if (!(await accountExists(db, input.accountId))) throw notFound('Account');
  let warranty: Warranty | null = null;
  if (input.orderId !== undefined) {
    // Another account's order answers exactly like a missing one.
    if (!(await repo.orderBelongsTo(db, input.orderId, input.accountId))) throw notFound('Order');
    if (input.lineNo !== undefined) {
      const line = await repo.findCaseLine(db, input.orderId, input.lineNo);
      if (!line) throw notFound('Order line');
      warranty = warrantyOf(
        line.first_ship_date,
        Number(line.warranty_months ?? 0),
        now.toISOString().slice(0, 10),
      );
    }
  }
  const severity = input.severity ?? 'normal';
  const priority = priorityOf(severity, await repo.accountClass(db, input.accountId));
  const targets = (await repo.findSlaTargets(db)).find((t) => t.priority === priority)!;
  const at = now.toISOString();
  const cal = calendarOf(config);
  const channel: Channel = input.channel ?? (actor.role === 'customer' ? 'portal' : 'phone');

  const id = crypto.randomUUID();
  await db.transaction(async (trx) => {
    const number = await nextNumber(trx, 'case', 'CS');
    const base = {
      id,
      number,
      account_id: input.accountId,
      type: input.type,
      subject: input.subject,
      description: input.description,
      order_id: input.orderId ?? null,
      line_no: input.lineNo ?? null,
      serial_or_batch: input.serialOrBatch ?? null,
      severity,
      priority,
      channel,
      status: 'new',
      assignee_id: null,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
      resolved_at: null,
      first_response_at: null,
      fr_target_minutes: Number(targets.first_response_minutes),
      fr_breached_at: null,
      res_target_minutes: Number(targets.resolution_minutes),
      res_breached_at: null,
      breached: false,
      warranty_applies: warranty?.applies ?? null,
      warranty_until: warranty?.until ?? null,
      warranty_reason: warranty?.reason ?? null,
    };
    const clocks = clocksOf({
      ...base,
      fr_paused_ms: 0,
      fr_paused_since: null,
      fr_stopped_at: null,
      fr_due: at,
      res_paused_ms: 0,
      res_paused_since: null,
      res_stopped_at: null,
      res_due: at,
      sla_next_due: at,
    });
    const row = { ...base, ...clockColumns(cal, at, clocks, now.getTime()) } as repo.CaseRow;
    await repo.insertCase(trx, row);
    await repo.appendEvent(trx, {
      case_id: id,
      at,
      kind: 'created',
      actor_id: actor.userId,
      internal: false,
      body: null,
      from_value: null,
      to_value: 'new',
      detail: `${input.type}, ${severity}, ${priority}, via ${channel}`,
    });
  });
  return getCase(deps, actor, id, now);
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function getCase(deps: Db, actor: Actor, id: string, now = currentTime()): Promise<CaseDetail> {
  const scope = accountScopeOf(actor);
  const row = await repo.findCase(deps.db, scope, id);
  if (!row) throw notFound('Case');
  const events = await repo.findEvents(deps.db, id, actor.role !== 'customer');
  return {
    ...toSummary(deps, row, now.getTime()),
    description: row.description,
    timeline: events.map(toEntry),
    rmas: await rmasOfCase(deps.db, id),
  };
}

export async function listCases(
  deps: Db,
  actor: Actor,
  query: ListCasesQuery,
  now = currentTime(),
): Promise<Page<CaseSummary>> {
  const limit = parseLimit(query.limit);
  const after = decodeCursor(query.cursor, 3) as [string, string, string] | null;
  const filter: repo.QueueFilter = {
    ...(query.status && { status: query.status }),
    ...(query.type && { type: query.type }),
    ...(query.accountId && { accountId: query.accountId }),
    ...(query.assignee && { assignee: query.assignee === 'none' ? null : query.assignee }),
    ...(query.breached && { breached: query.breached === 'true' }),
  };
  const rows = await repo.listQueue(deps.db, accountScopeOf(actor), filter, after, limit + 1);
  return toPage(
    rows,
    limit,
    (r) => toSummary(deps, r, now.getTime()),
    (r) => [r.priority, r.sla_next_due, r.id],
  );
}

// ---------------------------------------------------------------------------------------------
// Changing a case: each change locks the case, settles breaches that happened before it, moves the
// clocks, and appends to the timeline, in one transaction.

interface Change {
  status?: { to: CaseStatus; reason: string | null; actorId: string | null };
  firstResponse?: boolean;
}

/** Records the breaches due by `now`, then applies the change to the clocks and the row. */
async function applyChange(
  deps: Db,
  trx: Knex.Transaction,
  row: repo.CaseRow,
  change: Change,
  now: Date,
): Promise<void> {
  const cal = calendarOf(deps.config);
  const t = now.getTime();
  const at = now.toISOString();
  let clocks = clocksOf(row);
  clocks = await recordBreaches(deps, trx, row, clocks, t);
  const patch: repo.CasePatch = { updated_at: at };
  if (change.firstResponse && row.first_response_at === null) {
    patch.first_response_at = at;
    clocks = { ...clocks, fr: stopClock(cal, clocks.fr, t) };
  }
  if (change.status) {
    const { to, reason, actorId } = change.status;
    clocks = clocksAfterStatus(cal, clocks, row.status, to, t);
    patch.status = to;
    if (to === 'resolved') patch.resolved_at = at;
    await repo.appendEvent(trx, {
      case_id: row.id,
      at,
      kind: 'status_changed',
      actor_id: actorId,
      internal: false,
      body: reason,
      from_value: row.status,
      to_value: to,
      detail: null,
    });
  }
  await repo.updateCase(trx, row.id, { ...patch, ...clockColumns(cal, row.created_at, clocks, t) });
}

/** Claims each breach due by `now` once (a conditional update) and puts it on the timeline at the moment it happened. */
export async function recordBreaches(
  deps: Db,
  trx: Knex.Transaction,
  row: repo.CaseRow,
  clocks: ReturnType<typeof clocksOf>,
  now: number,
): Promise<ReturnType<typeof clocksOf>> {
  const cal = calendarOf(deps.config);
  let out = clocks;
  for (const { clock, at } of newBreaches(cal, row.created_at, clocks, now)) {
    const atIso = new Date(at).toISOString();
    if (await repo.markBreached(trx, row.id, clock, atIso)) {
      await repo.appendEvent(trx, breachEvent(row.id, clock, atIso));
    }
    out = { ...out, [clock]: { ...out[clock], breachedAt: at } };
  }
  return out;
}

async function lockedCase(trx: Knex.Transaction, scope: AccountScope, id: string): Promise<repo.CaseRow> {
  const row = await repo.lockCase(trx, scope, id);
  if (!row) throw notFound('Case');
  return row;
}

export async function postMessage(
  deps: Db,
  actor: Actor,
  id: string,
  input: NewMessage,
  now = currentTime(),
): Promise<CaseDetail> {
  const customer = actor.role === 'customer';
  const internal = input.internal ?? false;
  await deps.db.transaction(async (trx) => {
    const row = await lockedCase(trx, accountScopeOf(actor), id);
    if (customer && internal) throw new AppError('forbidden', 'Customers cannot write internal notes');
    if (row.status === 'closed') throw new AppError('illegal_state', 'The case is closed');
    const change: Change = {};
    if (customer && row.status === 'resolved') {
      const resolvedAt = Date.parse(row.resolved_at ?? row.updated_at);
      if (now.getTime() - resolvedAt > REOPEN_DAYS * 86_400_000)
        throw new AppError(
          'illegal_state',
          `The case was resolved more than ${REOPEN_DAYS} days ago; please open a new case`,
        );
      change.status = { to: 'open', reason: 'the customer replied', actorId: actor.userId };
    } else if (customer && row.status === 'waiting_on_customer') {
      change.status = { to: 'open', reason: 'the customer replied', actorId: actor.userId };
    }
    if (!customer && !internal) change.firstResponse = true;
    await repo.appendEvent(trx, {
      case_id: id,
      at: now.toISOString(),
      kind: 'message',
      actor_id: actor.userId,
      internal,
      body: input.body,
      from_value: null,
      to_value: null,
      detail: customer ? 'customer' : 'staff',
    });
    await applyChange(deps, trx, row, change, now);
  });
  return getCase(deps, actor, id, now);
}

export async function changeStatus(
  deps: Db,
  actor: Actor,
  id: string,
  input: StatusChange,
  now = currentTime(),
): Promise<CaseDetail> {
  await deps.db.transaction(async (trx) => {
    const row = await lockedCase(trx, accountScopeOf(actor), id);
    const from = row.status as CaseStatus;
    if (!TRANSITIONS[from].includes(input.status))
      throw new AppError('illegal_state', `A case cannot move from ${from} to ${input.status}`);
    if (input.status === 'closed') await causeForClosing(trx, row, input.causeCode, now.toISOString());
    await applyChange(
      deps,
      trx,
      row,
      { status: { to: input.status, reason: input.reason ?? null, actorId: actor.userId } },
      now,
    );
    // The reason given on resolving is the case's resolution, and the case joins the knowledge base.
    if (input.status === 'resolved') await resolutionOf(trx, row, input.reason ?? null, now.toISOString());
  });
  return getCase(deps, actor, id, now);
}

export async function assignCase(
  deps: Db,
  actor: Actor,
  id: string,
  userId: string,
  now = currentTime(),
): Promise<CaseDetail> {
  if (!(await repo.findStaffUser(deps.db, userId)))
    throw new AppError(
      'business_rule',
      'Cases are assigned to active service, account manager or admin users',
      [{ path: '/userId', message: 'is not an active staff user' }],
    );
  await deps.db.transaction(async (trx) => {
    const row = await lockedCase(trx, accountScopeOf(actor), id);
    if (row.assignee_id === userId) return;
    await repo.appendEvent(trx, {
      case_id: id,
      at: now.toISOString(),
      kind: 'assigned',
      actor_id: actor.userId,
      internal: false,
      body: null,
      from_value: row.assignee_id,
      to_value: userId,
      detail: null,
    });
    await repo.updateCase(trx, id, { assignee_id: userId, updated_at: now.toISOString() });
  });
  return getCase(deps, actor, id, now);
}

// The breach sweep lives in sla-sweep.ts (set-wise, a page of cases per transaction).
export { sweepSla } from './sla-sweep';
