import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { redactError } from '../shared/logger';
import { claimerIsDead, THIS_PROCESS } from '../shared/process-identity';
import { nowIso } from '../shared/time';
import { describeAlert } from '../alerts';
import {
  deliveryAlertContent,
  oneLine,
  orderConfirmedContent,
  quoteSentContent,
  type MailKind,
  type RenderedMail,
} from './mail-content';
import type { MailTransport } from './mail.transport';
import * as repo from './notifications.repository';

/**
 * The notifications' use cases, run by their jobs: re-read what the mail is about, choose the
 * recipients, claim the mail log row, send, and record how it went. Idempotent by the row's
 * dedupe key, since bull delivers at least once.
 */
export const quoteSentKey = (quoteId: string, revision: number): string =>
  `quote_sent:${quoteId}:${revision}`;
export const orderConfirmedKey = (orderId: string): string => `order_confirmed:${orderId}`;

/** An order in these states was never confirmed, or no longer is: a confirmation would mislead. */
const UNCONFIRMED_ORDER_STATUSES = ['draft', 'cancelled'];

export async function sendQuoteSentMail(
  deps: Deps,
  transport: MailTransport,
  quoteId: string,
  revision: number,
): Promise<void> {
  const quote = await repo.findQuoteForMail(deps.db, quoteId, revision);
  if (!quote || quote.sent_at === null) {
    deps.logger.warn({ quoteId, revision }, 'quote revision not found or not sent: no notification');
    return;
  }
  const lines = await repo.findQuoteLinesForMail(deps.db, quote.revision_id);
  const portal = await repo.findPortalEmails(deps.db, quote.account_id);
  await deliver(deps, transport, {
    dedupeKey: quoteSentKey(quoteId, revision),
    kind: 'quote_sent',
    reference: `${quote.number}-r${quote.revision}`,
    recipients: chooseRecipients(portal, quote.manager_email ?? quote.account_manager_email),
    content: quoteSentContent(deps.config, quote, lines),
  });
}

export async function sendOrderConfirmedMail(
  deps: Deps,
  transport: MailTransport,
  orderId: string,
): Promise<void> {
  const order = await repo.findOrderForMail(deps.db, orderId);
  if (!order || UNCONFIRMED_ORDER_STATUSES.includes(order.status)) {
    deps.logger.warn({ orderId, status: order?.status }, 'order not found or not confirmed: no notification');
    return;
  }
  const lines = await repo.findOrderLinesForMail(deps.db, orderId);
  const portal = await repo.findPortalEmails(deps.db, order.account_id);
  await deliver(deps, transport, {
    dedupeKey: orderConfirmedKey(orderId),
    kind: 'order_confirmed',
    reference: order.number,
    recipients: chooseRecipients(portal, order.account_manager_email),
    content: orderConfirmedContent(deps.config, order, lines),
  });
}

/**
 * A delivery alert's e-mails: one to the account manager, one to the customer's users when the
 * alert is one a customer sees; each its own mail-log claim, so a redelivered job sends neither again.
 */
export async function sendDeliveryAlertMails(
  deps: Deps,
  transport: MailTransport,
  alertId: string,
): Promise<void> {
  const alert = await describeAlert(deps.db, alertId);
  if (!alert) {
    deps.logger.warn({ alertId }, 'delivery alert not found: no notification');
    return;
  }
  for (const a of alert.audiences) {
    if (!a.emails.length) continue;
    await deliver(deps, transport, {
      dedupeKey: `delivery_alert:${alert.id}:${a.audience}`,
      kind: 'delivery_alert',
      reference: `${alert.kind}-${alert.id.slice(0, 8)}`,
      recipients: chooseRecipients(a.emails, null),
      content: deliveryAlertContent(deps.config, { accountName: alert.accountName, ...a }),
    });
  }
}

export interface Recipients {
  to: string[];
  cc: string[];
  /** Addresses that are not one plain address (a comma or a line break would add recipients or headers). */
  refused: string[];
}

const PLAIN_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/;

/**
 * The account's portal users in To and its account manager in Cc; with no portal user the
 * account manager is the one addressee, so the message still has a To.
 */
export function chooseRecipients(portalUsers: readonly string[], accountManager: string | null): Recipients {
  const seen = new Set<string>();
  const refused: string[] = [];
  const pick = (list: ReadonlyArray<string | null>): string[] =>
    list.flatMap((raw) => {
      if (raw === null) return [];
      const address = oneLine(raw);
      if (!PLAIN_ADDRESS.test(address)) {
        refused.push(address);
        return [];
      }
      if (seen.has(address.toLowerCase())) return [];
      seen.add(address.toLowerCase());
      return [address];
    });
  const to = pick(portalUsers);
  const cc = pick([accountManager]);
  return to.length > 0 ? { to, cc, refused } : { to: cc, cc: [], refused };
}

interface Notification {
  dedupeKey: string;
  kind: MailKind;
  reference: string;
  recipients: Recipients;
  content: RenderedMail;
}

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** Longer than any SMTP exchange can last (nodemailer gives up on a silent socket after 10 minutes). */
const SENDING_STALE_MS = 15 * 60_000;

/**
 * A claim left 'sending' by a process killed mid-send would block the job's next delivery for
 * good. The SMTP server had not accepted the message when its sender died (accepted, the row
 * would say sent but for the instant between), so sending it again sends it once.
 */
async function reclaimFromDeadSender(db: Knex, dedupeKey: string, claim: repo.MailClaim): Promise<boolean> {
  const row = await repo.findMailLog(db, dedupeKey);
  if (row?.status !== 'sending') return false;
  const since = Date.parse(row.claimed_at ?? row.created_at);
  if (!claimerIsDead(row.holder_pid, row.holder_host) && Date.parse(nowIso()) - since < SENDING_STALE_MS)
    return false;
  return repo.reclaimDeadMail(db, dedupeKey, row.claimed_at, claim);
}

async function deliver(deps: Deps, transport: MailTransport, n: Notification): Promise<void> {
  const { db, logger } = deps;
  const { to, cc, refused } = n.recipients;
  if (refused.length > 0) logger.warn({ dedupeKey: n.dedupeKey, refused }, 'recipient addresses refused');
  const claim: repo.MailClaim = {
    recipients: clip(`To: ${to.join(', ')}; Cc: ${cc.join(', ')}`, 2000),
    subject: clip(n.content.subject, 300),
    transport: transport.name,
    holder_pid: THIS_PROCESS.pid,
    holder_host: THIS_PROCESS.host,
    claimed_at: nowIso(),
  };
  const claimed =
    (await repo.insertMailClaim(db, {
      id: crypto.randomUUID(),
      dedupe_key: n.dedupeKey,
      kind: n.kind,
      ...claim,
      status: 'sending',
      location: null,
      error: null,
      created_at: nowIso(),
    })) ||
    (await repo.reclaimFailedMail(db, n.dedupeKey, claim)) ||
    (await reclaimFromDeadSender(db, n.dedupeKey, claim));
  if (!claimed) {
    logger.info({ dedupeKey: n.dedupeKey }, 'notification already handled: nothing sent');
    return;
  }
  if (to.length === 0) {
    await repo.finishMail(db, n.dedupeKey, { status: 'skipped', location: null, error: null });
    logger.info({ dedupeKey: n.dedupeKey }, 'notification skipped: no portal user and no account manager');
    return;
  }
  let location: string;
  try {
    location = await transport.send({
      from: oneLine(deps.config.mailFrom),
      to,
      cc,
      ...n.content,
      kind: n.kind,
      reference: n.reference,
    });
  } catch (error) {
    const message = redactError(error).message;
    // The job's retry re-claims the failed row; a row left 'sending' would block every retry.
    await repo
      .finishMail(db, n.dedupeKey, { status: 'failed', location: null, error: clip(message, 1000) })
      .catch((markError: unknown) => {
        logger.error(
          { dedupeKey: n.dedupeKey, err: redactError(markError) },
          'failed notification could not be marked failed; it will not be retried',
        );
      });
    throw error;
  }
  await repo.finishMail(db, n.dedupeKey, {
    status: transport.name === 'smtp' ? 'sent' : 'written',
    location: clip(location, 500),
    error: null,
  });
}
