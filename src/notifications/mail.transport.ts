import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../config';
import { nowIso } from '../shared/time';

export interface OutgoingMail {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
  /** For the outbox file's name: `<timestamp>-<kind>-<reference>.eml`. */
  kind: string;
  reference: string;
  /** A reply in a thread (ids without angle brackets): Message-ID, In-Reply-To, References. */
  threading?: { messageId: string; inReplyTo?: string; references?: string[] };
}

export interface MailTransport {
  readonly name: 'smtp' | 'outbox';
  /** Sends or writes one message; resolves with where it went (SMTP message id, outbox file). */
  send(mail: OutgoingMail): Promise<string>;
}

/** SMTP when SMTP_URL is set; otherwise .eml files in OUTBOX_DIR that a person opens with any mail client. */
export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'outboxDir'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : outboxTransport(config.outboxDir);
}

function message(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    ...(mail.threading && {
      messageId: `<${mail.threading.messageId}>`,
      ...(mail.threading.inReplyTo && { inReplyTo: `<${mail.threading.inReplyTo}>` }),
      ...(mail.threading.references?.length && {
        references: mail.threading.references.map((id) => `<${id}>`),
      }),
    }),
  };
}

function smtpTransport(url: string): MailTransport {
  // Not pooled: notifications are few, and an idle pool would hold a connection open forever.
  const transporter = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    send: async (mail) => (await transporter.sendMail(message(mail))).messageId,
  };
}

function outboxTransport(dir: string): MailTransport {
  // RFC 5322 wants CRLF line ends; mail clients open such a file as they would a received message.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    name: 'outbox',
    send: async (mail) => {
      const { message: eml } = await composer.sendMail(message(mail));
      const file = path.resolve(
        dir,
        `${nowIso().replace(/[-:.]/g, '')}-${fileSafe(mail.kind)}-${fileSafe(mail.reference)}.eml`,
      );
      await writeAtomically(file, eml as Buffer);
      return file;
    },
  };
}

const fileSafe = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80);

/**
 * A reader of the folder sees a whole message or none: written and flushed under a dot-name in
 * the same folder (rename is atomic within one file system), then renamed into place.
 */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
