import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { settingsOfAccounts } from '../accounts';
import { isUniqueViolation } from '../shared/db/unique-violation';
import { notFound } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { decodeCursor, parseLimit, toPage } from '../shared/http/pagination';
import { inTransaction } from '../shared/jobs';
import { DeliveryAlerted } from '../shared/events';
import { currentTime } from '../shared/clock';
import { addDays, nowIso, todayIso } from '../shared/time';
import { alertLink, alertSubject, alertText, type AlertFacts, type Audience } from './alert-words';
import { alertsDue, CUSTOMER_VISIBLE, type AlertKind, type DueAlert } from './alerts.engine';
import * as repo from './alerts.repository';
import { loadLinesToCheck } from './alertable-lines';
import type { NoticeKind } from './alerts.schemas';

/** Past the largest lead days an account may set (60): no line further out is due anything. */
const HORIZON_DAYS = 61;

/**
 * The alerts job: every open line's due alerts (from its promised date, today and its account's
 * lead days), less those already claimed; each one left is claimed, put in its recipients'
 * inboxes and announced (the e-mail follows the event) in a transaction of its own, so a failure
 * keeps what was done and a re-run sends nothing twice.
 */
export async function checkDeliveryAlerts(deps: Deps): Promise<{ raised: number }> {
  const { db } = deps;
  const now = currentTime();
  // Ship dates up to the horizon: an arrival promise comes later still, so none is missed.
  const lines = await loadLinesToCheck(db, now, addDays(todayIso(now), HORIZON_DAYS));
  const settings = await settingsOfAccounts(db, [...new Set(lines.map((l) => l.row.account_id))]);
  const due = lines.flatMap(({ row, line, today }) =>
    alertsDue(line, today, settings.get(row.account_id)!.alertDaysBefore).map((alert) => ({
      line: row,
      alert,
    })),
  );
  const claimed = await repo.findClaimedKeys(
    db,
    due.map((d) => d.alert.key),
  );
  const todo = due.filter((d) => !claimed.has(d.alert.key));
  if (!todo.length) return { raised: 0 };
  const recipients = await repo.findRecipients(db, [...new Set(todo.map((d) => d.line.account_id))]);
  let raised = 0;
  for (const { line, alert } of todo) {
    const stamp = nowIso();
    try {
      const done = await inTransaction(deps, (trx, publish) =>
        raise(trx, line, alert, recipients, stamp).then((id) => {
          if (id) publish(DeliveryAlerted, { alertId: id });
          return id;
        }),
      );
      if (done) raised += 1;
    } catch (error) {
      // Another run claimed the same key between our read and our insert: it sends, we do not.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  deps.logger.info({ candidates: due.length, raised }, 'delivery alerts checked');
  return { raised };
}

async function raise(
  trx: Knex,
  line: repo.AlertableLineRow,
  alert: DueAlert,
  recipients: repo.RecipientRow[],
  now: string,
): Promise<string | null> {
  const id = crypto.randomUUID();
  const customerVisible = CUSTOMER_VISIBLE[alert.kind];
  const won = await repo.claimAlert(trx, {
    id,
    alert_key: alert.key,
    kind: alert.kind,
    account_id: line.account_id,
    order_id: line.order_id,
    order_line_id: line.id,
    line_no: Number(line.line_no),
    promised_date: alert.promisedDate,
    days: alert.days,
    reason: alert.kind === 'slipped' ? (line.slip_reason?.slice(0, 500) ?? null) : null,
    customer_visible: customerVisible,
    created_at: now,
  });
  if (!won) return null;
  const facts = factsOf(line, alert.kind, alert.promisedDate, alert.days, line.slip_reason);
  const items = recipientsOf(recipients, line.account_id, customerVisible).map(({ user, audience }) => ({
    id: crypto.randomUUID(),
    user_id: user.id,
    alert_id: id,
    kind: alert.kind,
    subject: alertSubject(facts, audience).slice(0, 300),
    link: alertLink(facts, audience),
    order_id: line.order_id,
    line_no: Number(line.line_no),
    created_at: now,
    read_at: null,
  }));
  await repo.insertInboxItems(trx, items);
  return id;
}

function factsOf(
  line: Pick<repo.AlertableLineRow, 'order_id' | 'number' | 'line_no' | 'sku'>,
  kind: AlertKind,
  promisedDate: string | null,
  days: number,
  slipReason: string | null,
): AlertFacts {
  return {
    kind,
    orderId: line.order_id,
    number: line.number,
    lineNo: Number(line.line_no),
    sku: line.sku,
    promisedDate,
    days,
    slipReason,
  };
}

/** The account's manager always; its customer users for the alerts a customer sees. One item per user. */
function recipientsOf(all: repo.RecipientRow[], accountId: string, customerVisible: boolean) {
  const seen = new Set<string>();
  const out: Array<{ user: repo.RecipientRow; audience: Audience }> = [];
  for (const user of all) {
    const audience: Audience | null =
      user.managed_account_id === accountId
        ? 'staff'
        : customerVisible && user.role === 'customer' && user.account_id === accountId
          ? 'customer'
          : null;
    if (audience && !seen.has(user.id)) {
      seen.add(user.id);
      out.push({ user, audience });
    }
  }
  return out;
}

/** What the alert's e-mails say, to whom: the notifications domain sends them. */
export async function describeAlert(db: Knex, alertId: string) {
  const alert = await repo.findAlertForMail(db, alertId);
  if (!alert) return null;
  const customerVisible = Boolean(alert.customer_visible);
  const recipients = recipientsOf(
    await repo.findRecipients(db, [alert.account_id]),
    alert.account_id,
    customerVisible,
  );
  const facts = factsOf(
    alert,
    alert.kind as AlertKind,
    alert.promised_date,
    Number(alert.days),
    alert.reason,
  );
  const audiences = (['staff', 'customer'] as const).map((audience) => ({
    audience,
    emails: recipients.filter((r) => r.audience === audience).map((r) => r.user.email),
    subject: alertSubject(facts, audience),
    text: alertText(facts, audience),
    link: alertLink(facts, audience),
  }));
  return { id: alert.id, kind: alert.kind, accountName: alert.account_name, audiences };
}

const toItem = (r: repo.InboxRow) => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  link: r.link,
  orderId: r.order_id,
  lineNo: r.line_no === null ? null : Number(r.line_no),
  createdAt: r.created_at,
  readAt: r.read_at,
});
export type InboxItem = ReturnType<typeof toItem>;

/** The signed-in user's own inbox, newest first; nobody reads another's. */
export async function listInbox(
  db: Knex,
  actor: Actor,
  q: { limit?: string; cursor?: string; unread?: string },
) {
  const limit = parseLimit(q.limit);
  const after = decodeCursor(q.cursor, 2) as [string, string] | null;
  const rows = await repo.listInbox(db, actor.userId, limit, after, q.unread === 'true');
  return toPage(rows, limit, toItem, (r) => [r.created_at, r.id]);
}

export async function readInboxItem(db: Knex, actor: Actor, id: string) {
  const row = await repo.markRead(db, actor.userId, id, nowIso());
  if (!row) throw notFound('Inbox item');
  return toItem(row);
}

export const unreadCount = (db: Knex, actor: Actor): Promise<number> => repo.countUnread(db, actor.userId);

/**
 * Every inbox item older than `before` counts as read: what a running desk has long worked
 * through. The demo start uses it after its simulated history, whose months of alerts would
 * otherwise greet each demo user as hundreds of unread items.
 */
export const markInboxReadBefore = (db: Knex, before: string): Promise<number> =>
  repo.markReadBefore(db, before, nowIso());

/**
 * Puts a notice (not a delivery alert) in the inboxes of the users given, once per call: the
 * notifications domain calls it when it has sent the notice's mail, which its mail log makes once.
 */
export async function addNoticeToInboxes(
  db: Knex,
  userIds: readonly string[],
  notice: { kind: NoticeKind; subject: string; link: string },
): Promise<void> {
  const now = nowIso();
  await repo.insertInboxItems(
    db,
    [...new Set(userIds)].map((userId) => ({
      id: crypto.randomUUID(),
      user_id: userId,
      alert_id: null,
      kind: notice.kind,
      subject: notice.subject.slice(0, 300),
      link: notice.link.slice(0, 300),
      order_id: null,
      line_no: null,
      created_at: now,
      read_at: null,
    })),
  );
}
