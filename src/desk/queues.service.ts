import type { Knex } from 'knex';
import type { Actor } from '../shared/http/actor';
import { addDays, todayIso } from '../shared/time';
import { addMinutesIso, nowIso } from './desk-time';
import { toFollowUp } from './desk.service';
import * as repo from './desk.repository';
import * as history from './account-history.repository';
import * as lineQueues from './line-queues.repository';
import * as queues from './queues.repository';
import * as quoteQueues from './quote-queues.repository';

/** How far ahead "expiring soon" looks, in days. */
export const EXPIRY_HORIZON_DAYS = 7;
const QUEUE_LIMIT = 50;

/** The end of today (UTC): a follow-up due any time today is due on the home page this morning. */
const endOfToday = () => addMinutesIso(`${todayIso()}T00:00:00.000Z`, 24 * 60);

/** The account manager's work queue: everything waiting on them, each list capped at 50. */
export async function accountManagerQueue(db: Knex, actor: Actor) {
  const today = todayIso();
  const [requests, counterOffers, expiring, lines, followUps] = await Promise.all([
    queues.findOpenRequestsFor(db, actor.userId, QUEUE_LIMIT),
    quoteQueues.findCounterOffersFor(db, actor.userId, actor.email, QUEUE_LIMIT),
    quoteQueues.findQuotesExpiringFor(
      db,
      actor.userId,
      actor.email,
      today,
      addDays(today, EXPIRY_HORIZON_DAYS),
      QUEUE_LIMIT,
    ),
    lineQueues.findSlippedOrOverdueLinesFor(db, actor.email, today, QUEUE_LIMIT),
    repo.listFollowUps(db, { ownerId: actor.userId, status: 'open', before: endOfToday() }, QUEUE_LIMIT),
  ]);
  return {
    requests: requests.map((r) => ({ ...r, unassigned: r.assigned_to === null })),
    counterOffers,
    expiring,
    lines: lines.map((l) => ({ ...l, overdue: l.confirmed_date !== null && l.confirmed_date < today })),
    followUps: followUps.map((f) => ({ ...toFollowUp(f), overdue: f.due_at < nowIso() })),
  };
}

async function lastSync(db: Knex) {
  const run = await queues.findLastSyncRun(db);
  return run ? { ...run, quarantined: await queues.countQuarantined(db, run.id) } : null;
}

/** The admin's: approvals pending, the users by role, the last ERP sync and its quarantine. */
export async function adminQueue(db: Knex) {
  const [approvals, users, sync] = await Promise.all([
    quoteQueues.findPendingApprovals(db, QUEUE_LIMIT),
    queues.countActiveUsersByRole(db),
    lastSync(db),
  ]);
  return { approvals, users: users.map((u) => ({ role: u.role, count: Number(u.n) })), sync };
}

/** The planner's: the last sync and the lines that slipped since it started. */
export async function plannerQueue(db: Knex) {
  const sync = await lastSync(db);
  const slipped = sync
    ? await lineQueues.findLinesSlippedSince(db, sync.started_at ?? sync.created_at, QUEUE_LIMIT)
    : [];
  return { sync, slipped };
}

/** The navigation's counts. */
export const countOpenRequestsFor = (db: Knex, actor: Actor) => queues.countOpenRequestsFor(db, actor.userId);
export const countPendingApprovals = (db: Knex) => quoteQueues.countPendingApprovals(db);
export const countFollowUpsDue = (db: Knex, actor: Actor): Promise<number> =>
  repo.countOpenFollowUpsDue(db, actor.userId, endOfToday());

export { searchAccounts, type AccountSearch } from './account-history.repository';

/** Everything the account page brings together, newest first. */
export async function accountHistory(db: Knex, accountId: string, limit = 50) {
  const [requests, quotes, orders, shipments, followUps] = await Promise.all([
    history.findAccountRequests(db, accountId, limit),
    history.findAccountQuotes(db, accountId, limit),
    history.findAccountOrders(db, accountId, limit),
    history.findAccountShipments(db, accountId, limit),
    repo.listFollowUps(db, { accountId }, limit),
  ]);
  return { requests, quotes, orders, shipments, followUps: followUps.map(toFollowUp).reverse() };
}
