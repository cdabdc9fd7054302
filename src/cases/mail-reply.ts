import crypto from 'node:crypto';
import type { Deps } from '../deps';
import { createMailTransport, type MailTransport } from '../notifications';
import { nowIso } from '../shared/time';
import { ALL_ACCOUNTS } from '../shared/http/actor';
import * as mails from './case-mail.repository';
import { findCase, findEvents } from './cases.repository';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The domain of MAIL_FROM, so the ids the desk makes are its own (RFC 5322 wants them unique). */
const domainOf = (mailFrom: string): string => mailFrom.match(/@([^>\s]+)/)?.[1] ?? 'factorydesk.local';

/**
 * Sends staff's public message of a case to the customer who wrote in by e-mail (the sender of
 * the case's latest incoming mail), as a reply in the thread: its own Message-ID, In-Reply-To
 * that mail, References every id of the thread, and the case number in the subject so an answer
 * threads even from a client that drops the headers. Idempotent: the outgoing id is derived from
 * the message and claimed in case_mail before sending (released again when sending fails, so the
 * job's retry sends). A case that never had mail sends nothing.
 */
export async function sendCaseReply(
  deps: Pick<Deps, 'db' | 'config'>,
  caseId: string,
  at: string,
  transport: MailTransport = createMailTransport(deps.config),
): Promise<string | null> {
  const thread = await mails.findMailOfCase(deps.db, caseId);
  const incoming = thread.filter((m) => m.direction === 'in' && m.from_address);
  const last = incoming[incoming.length - 1];
  if (!last) return null;
  const row = await findCase(deps.db, ALL_ACCOUNTS, caseId);
  const message = (await findEvents(deps.db, caseId, false)).find(
    (e) => e.kind === 'message' && e.at === at && e.detail === 'staff',
  );
  if (!row || !message) return null;
  const messageId = `${row.number}.${message.seq}@${domainOf(deps.config.mailFrom)}`;
  if (await mails.mailExists(deps.db, messageId)) return null;
  const subject = `Re: [${row.number}] ${row.subject}`.slice(0, 200);
  await mails.insertMail(deps.db, {
    id: crypto.randomUUID(),
    message_id: messageId,
    case_id: caseId,
    direction: 'out',
    status: 'sent',
    from_address: null,
    subject,
    body: null,
    at: nowIso(),
  });
  const body = message.body ?? '';
  try {
    await transport.send({
      from: deps.config.mailFrom,
      to: [last.from_address!],
      cc: [],
      subject,
      text: body,
      html: `<p>${escapeHtml(body).replace(/\n/g, '<br>')}</p>`,
      kind: 'case-reply',
      reference: row.number,
      threading: {
        messageId,
        inReplyTo: last.message_id,
        references: thread.map((m) => m.message_id).slice(-20),
      },
    });
  } catch (error) {
    await mails.deleteMail(deps.db, messageId);
    throw error;
  }
  return messageId;
}
