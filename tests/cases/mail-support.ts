import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { nowIso } from '../../src/shared/time';
import { createAccount, uniq } from '../support/factories';

/** A contact with its own address on a new account: the sender the desk knows. */
export async function createContact(db: Knex): Promise<{ accountId: string; email: string }> {
  const account = await createAccount(db);
  const email = `${uniq('buyer')}@customer.example`;
  await db('contacts').insert({
    id: crypto.randomUUID(),
    account_id: account.id,
    name: 'Ines Buyer',
    email,
    phone: null,
    title: 'Purchasing',
    created_at: nowIso(),
    updated_at: nowIso(),
  });
  return { accountId: account.id, email };
}

/** A raw RFC 5322 message, CRLF line ends, as a mail client would send it. */
export function eml(m: {
  from: string;
  subject: string;
  body: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
}): { raw: string; messageId: string } {
  const messageId = m.messageId ?? `${uniq('m')}@customer.example`;
  const headers = [
    `From: Ines Buyer <${m.from}>`,
    'To: service@factorydesk.test',
    `Subject: ${m.subject}`,
    `Message-ID: <${messageId}>`,
    'Date: Fri, 04 Dec 2026 09:00:00 +0000',
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references ? [`References: ${m.references.map((r) => `<${r}>`).join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  return { raw: `${headers.join('\r\n')}\r\n\r\n${m.body}\r\n`, messageId };
}

export function drop(dir: string, raw: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${uniq('in')}.eml`);
  fs.writeFileSync(file, raw);
  return file;
}
