import crypto from 'node:crypto';
import type { Deps } from '../deps';
import { currentTime } from '../shared/clock';
import { ALL_ACCOUNTS } from '../shared/http/actor';
import { S } from '../shared/http/validation';
import * as mails from './case-mail.repository';
import { lockCase } from './cases.repository';
import { appendMessage, customerReplyChange, writeNewCase } from './cases.service';
import { caseNumberIn, type InboundMail, parseInboundMail } from './inbound-mail';
import { type MailSource, mailSourceOf } from './mail-sources';

export type IntakeOutcome = 'opened' | 'threaded' | 'triage' | 'duplicate';

const clip = (s: string, n: number, empty: string): string => (s ? s.slice(0, n) : empty);

/**
 * The case a message answers: by the ids it answers (the desk's own replies and earlier mail of
 * the case), else by a case number in its subject when the sender writes for that case's account
 * (a number alone is easy to guess, so a stranger's mail with one is not threaded).
 */
async function threadOf(
  deps: Pick<Deps, 'db'>,
  mail: InboundMail,
  accounts: string[],
): Promise<string | undefined> {
  const byReference = await mails.findCaseOfMessages(deps.db, mail.answers);
  if (byReference) return byReference;
  const number = caseNumberIn(mail.subject);
  if (!number) return undefined;
  const c = await mails.findCaseByNumber(deps.db, number);
  return c && accounts.includes(c.account_id) ? c.id : undefined;
}

/**
 * Takes one incoming e-mail into the desk, once: a reply threads into its case as the customer's
 * message (reopening it as a portal reply would); a new message from an address of exactly one
 * account opens a case there; anything else waits in the triage list. A closed case (or one
 * resolved more than 14 days ago) takes no more messages, so a reply to it opens a new case.
 */
export async function takeInboundMail(
  deps: Pick<Deps, 'db' | 'config'>,
  raw: Buffer,
  now = currentTime(),
  retried = false,
): Promise<{ outcome: IntakeOutcome; caseId: string | null }> {
  const mail = await parseInboundMail(raw);
  if (await mails.mailExists(deps.db, mail.messageId)) return { outcome: 'duplicate', caseId: null };
  const accounts = mail.from ? await mails.findAccountsOfAddress(deps.db, mail.from) : [];
  const threaded = await threadOf(deps, mail, accounts);
  const at = now.toISOString();
  const claim = {
    id: crypto.randomUUID(),
    message_id: mail.messageId,
    direction: 'in' as const,
    from_address: mail.from ? mail.from.slice(0, 254) : null,
    subject: mail.subject.slice(0, 200),
    at,
  };
  const text = clip(mail.text, 8000, '(no text)');
  try {
    return await deps.db.transaction(async (trx) => {
      const row = threaded ? await lockCase(trx, ALL_ACCOUNTS, threaded) : undefined;
      const change = row ? customerReplyChange(row, null, now) : null;
      if (row && change) {
        await mails.insertMail(trx, { ...claim, case_id: row.id, status: 'threaded', body: null });
        const message = {
          actorId: null,
          body: text,
          internal: false,
          from: 'customer',
          channel: 'email',
        } as const;
        await appendMessage(deps, trx, row, message, change, now);
        return { outcome: 'threaded', caseId: row.id };
      }
      const accountId = row ? row.account_id : accounts.length === 1 ? accounts[0]! : undefined;
      if (!accountId) {
        await mails.insertMail(trx, { ...claim, case_id: null, status: 'triage', body: text });
        return { outcome: 'triage', caseId: null };
      }
      const caseId = await writeNewCase(
        deps,
        trx,
        {
          accountId,
          type: 'question',
          subject: clip(mail.subject, 200, '(no subject)'),
          description: clip(mail.text, 4000, '(no text)'),
          channel: 'email',
          warranty: null,
          createdBy: null,
        },
        now,
      );
      await mails.insertMail(trx, { ...claim, case_id: caseId, status: 'opened', body: null });
      return { outcome: 'opened', caseId };
    });
  } catch (error) {
    // Another reader committed the same message first: its claim stands, ours rolled back whole.
    if (await mails.mailExists(deps.db, mail.messageId)) return { outcome: 'duplicate', caseId: null };
    // Two readers at once: the other's write may fail ours before its claim is visible. One more
    // try, from the start, finds the claim (a duplicate) or takes the message itself.
    if (!retried) return takeInboundMail(deps, raw, now, true);
    throw error;
  }
}

/** One read of the service mailbox: every waiting message taken once. */
export async function readServiceMailbox(
  deps: Pick<Deps, 'db' | 'config' | 'logger'>,
  source: MailSource = mailSourceOf(deps.config),
): Promise<{ read: number; failed: number }> {
  return source(async (raw) => {
    try {
      await takeInboundMail(deps, raw);
    } catch (error) {
      deps.logger.error({ err: error }, 'an incoming service mail could not be taken');
      throw error;
    }
  });
}

const TRIAGE_LIMIT = 200;

export const triageSchema = S.object({
  items: {
    type: 'array',
    items: S.object({
      messageId: { type: 'string' },
      from: { type: ['string', 'null'] },
      subject: { type: ['string', 'null'] },
      body: { type: ['string', 'null'] },
      receivedAt: { type: 'string', format: 'date-time' },
    }),
  },
});

/** The triage list: mail waiting for a person to decide whose it is (the oldest 200). */
export async function listTriageMail(deps: Pick<Deps, 'db'>) {
  const rows = await mails.listTriage(deps.db, TRIAGE_LIMIT);
  return {
    items: rows.map((r) => ({
      messageId: r.message_id,
      from: r.from_address,
      subject: r.subject,
      body: r.body,
      receivedAt: r.at,
    })),
  };
}
