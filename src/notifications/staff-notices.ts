import { addNoticeToInboxes, type NoticeKind } from '../alerts';
import type { Deps } from '../deps';
import { redactError } from '../shared/logger';
import { findDueUnremindedFollowUps, markReminded } from '../desk';
import { nowIso } from '../shared/time';
import { type MailKind, staffNoticeContent } from './mail-content';
import type { MailTransport } from './mail.transport';
import { chooseRecipients, deliver } from './notifications.service';
import * as repo from './notifications.repository';

/**
 * Notices to the manufacturer's people (issue 16): a new quote request, a counter-offer, an
 * approval asked for and given, a follow-up due. Each has its dedupe key, so each is sent once
 * however often its job runs.
 */
export async function notifyStaff(
  deps: Deps,
  transport: MailTransport,
  n: {
    dedupeKey: string;
    kind: MailKind;
    inboxKind: NoticeKind;
    reference: string;
    to: string[];
    subject: string;
    headline: string;
    lines: string[];
    path: string;
  },
): Promise<boolean> {
  const recipients = chooseRecipients(n.to, null);
  const sent = await deliver(deps, transport, {
    dedupeKey: n.dedupeKey,
    kind: n.kind,
    reference: n.reference,
    recipients,
    content: staffNoticeContent(deps.config, n),
  });
  // The inbox copy follows the mail that was sent now, so it is there once as the mail is; a
  // failure here is logged and leaves the mail sent.
  if (sent)
    await addNoticeToInboxes(deps.db, await repo.findActiveUserIds(deps.db, recipients.to), {
      kind: n.inboxKind,
      subject: n.subject,
      link: n.path,
    }).catch((err: unknown) => {
      deps.logger.error(
        { dedupeKey: n.dedupeKey, err: redactError(err) },
        'staff notice not put in the inbox',
      );
    });
  return sent;
}

/** To its assignee; when nobody (active) is assigned, to every active account manager. */
export async function sendRequestReceivedMail(deps: Deps, transport: MailTransport, requestId: string) {
  const r = await repo.findRequestForStaffMail(deps.db, requestId);
  if (!r) return;
  const unassigned = r.assignee_email === null;
  await notifyStaff(deps, transport, {
    dedupeKey: `request_received:${r.id}`,
    kind: 'request_received',
    inboxKind: 'quote_request',
    reference: r.number,
    to: unassigned ? await repo.findActiveStaffEmails(deps.db, 'account_manager') : [r.assignee_email!],
    subject: `New quote request ${r.number} from ${r.account_name}${unassigned ? ' (unassigned)' : ''}`,
    headline: unassigned
      ? `${r.account_name} asked for a quotation (${r.number}) and nobody is assigned: take it from the queue.`
      : `${r.account_name} asked for a quotation (${r.number}).`,
    lines: r.notes ? [`Notes: ${r.notes}`] : [],
    path: `/quote-requests/${r.id}`,
  });
}

const managerOf = (q: repo.QuoteStaffMailRow): string[] => {
  const m = q.manager_email ?? q.account_manager_email;
  return m ? [m] : [];
};

export async function sendCounterOfferMail(
  deps: Deps,
  transport: MailTransport,
  p: { quoteId: string; revision: number; at: string },
) {
  const q = await repo.findQuoteForStaffMail(deps.db, p.quoteId);
  if (!q) return;
  await notifyStaff(deps, transport, {
    dedupeKey: `counter_offer:${q.id}:${p.revision}:${p.at}`,
    kind: 'counter_offer',
    inboxKind: 'counter_offer',
    reference: `${q.number}-r${p.revision}`,
    to: managerOf(q),
    subject: `Counter-offer on quote ${q.number} from ${q.account_name}`,
    headline: `${q.account_name} made a counter-offer on revision ${p.revision} of quote ${q.number}.`,
    lines: [],
    path: `/quotes/${q.id}`,
  });
}

/** To every active admin. */
export async function sendApprovalRequestedMail(
  deps: Deps,
  transport: MailTransport,
  p: { quoteId: string; revision: number },
) {
  const q = await repo.findQuoteForStaffMail(deps.db, p.quoteId);
  if (!q) return;
  await notifyStaff(deps, transport, {
    dedupeKey: `approval_requested:${q.id}:${p.revision}`,
    kind: 'approval_requested',
    inboxKind: 'approval_asked',
    reference: `${q.number}-r${p.revision}`,
    to: await repo.findActiveStaffEmails(deps.db, 'admin'),
    subject: `Approval requested: quote ${q.number} for ${q.account_name}`,
    headline: `Revision ${p.revision} of quote ${q.number} for ${q.account_name} has a discount beyond its sender's authority.`,
    lines: [],
    path: `/quotes/${q.id}`,
  });
}

/** To the quote's account manager, who may now send it. */
export async function sendApprovalGivenMail(
  deps: Deps,
  transport: MailTransport,
  p: { quoteId: string; revision: number },
) {
  const q = await repo.findQuoteForStaffMail(deps.db, p.quoteId);
  if (!q) return;
  await notifyStaff(deps, transport, {
    dedupeKey: `approval_given:${q.id}:${p.revision}`,
    kind: 'approval_given',
    inboxKind: 'approved',
    reference: `${q.number}-r${p.revision}`,
    to: managerOf(q),
    subject: `Approved: quote ${q.number} for ${q.account_name}`,
    headline: `The discount of revision ${p.revision} of quote ${q.number} was approved: it can be sent.`,
    lines: [],
    path: `/quotes/${q.id}`,
  });
}

/**
 * Reminds each owner of their follow-ups due by now, oldest first, a page at a time; each
 * reminder's dedupe key sends it once, and `reminded_at` keeps the sweep from reading it again.
 * Returns how many were handled.
 */
export async function sendFollowUpReminders(deps: Deps, transport: MailTransport): Promise<number> {
  let handled = 0;
  for (;;) {
    const due = await findDueUnremindedFollowUps(deps.db, nowIso(), 100);
    if (!due.length) return handled;
    for (const f of due) {
      await notifyStaff(deps, transport, {
        dedupeKey: `follow_up_due:${f.id}`,
        kind: 'follow_up_due',
        inboxKind: 'follow_up_due',
        reference: f.id,
        to: [f.owner_email],
        subject: `Follow-up due: ${f.subject} (${f.account_name})`,
        headline: `Your follow-up "${f.subject}" with ${f.account_name} is due at ${f.due_at.slice(0, 16).replace('T', ' ')} UTC.`,
        lines: [],
        path: `/accounts/${f.account_id}`,
      });
      await markReminded(deps.db, f.id, nowIso());
      handled++;
    }
  }
}
