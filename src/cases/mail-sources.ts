import fs from 'node:fs/promises';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import type { Config } from '../config';

/** Hands each waiting message to `take`; a message `take` rejected is left to be read again. */
export type MailSource = (take: (raw: Buffer) => Promise<void>) => Promise<{ read: number; failed: number }>;

/** CASES_IMAP_URL when set (a real mailbox); otherwise the folder of dropped .eml files. */
export function mailSourceOf(config: Pick<Config, 'casesImapUrl' | 'casesMailDir'>): MailSource {
  return config.casesImapUrl ? imapSource(config.casesImapUrl) : folderSource(config.casesMailDir);
}

async function each(
  items: Array<() => Promise<Buffer>>,
  take: (raw: Buffer) => Promise<void>,
  done: (i: number) => Promise<void>,
): Promise<{ read: number; failed: number }> {
  let failed = 0;
  for (let i = 0; i < items.length; i++) {
    try {
      await take(await items[i]!());
    } catch {
      failed++;
      continue;
    }
    // Marking it done may fail (two readers flag one message at once, a file moved meanwhile):
    // the message is taken all the same, and read again it is a duplicate of its claim.
    await done(i).catch(() => undefined);
  }
  return { read: items.length - failed, failed };
}

/**
 * `<dir>/*.eml`, oldest name first; a message taken moves to `<dir>/processed/`. Two readers may
 * both read a file before either moves it: the database's claim on its Message-ID keeps it once.
 */
export function folderSource(dir: string): MailSource {
  return async (take) => {
    const names = (await fs.readdir(dir).catch(() => [] as string[]))
      .filter((n) => n.endsWith('.eml'))
      .sort();
    if (!names.length) return { read: 0, failed: 0 };
    const done = path.join(dir, 'processed');
    await fs.mkdir(done, { recursive: true });
    return each(
      names.map((n) => () => fs.readFile(path.join(dir, n))),
      take,
      (i) => fs.rename(path.join(dir, names[i]!), path.join(done, names[i]!)),
    );
  };
}

/**
 * The unseen messages of the mailbox in the URL's path (default INBOX); each is flagged \Seen once
 * taken. A reader killed between taking and flagging reads it again: the claim keeps it once.
 */
export function imapSource(url: string): MailSource {
  const u = new URL(url);
  return async (take) => {
    const client = new ImapFlow({
      host: u.hostname,
      port: Number(u.port || (u.protocol === 'imaps:' ? 993 : 143)),
      secure: u.protocol === 'imaps:',
      auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
      logger: false,
    });
    await client.connect();
    try {
      const lock = await client.getMailboxLock(decodeURIComponent(u.pathname.slice(1)) || 'INBOX');
      try {
        // Fetched whole before any other command: imapflow allows none while a fetch streams.
        const messages = await client.fetchAll({ seen: false }, { uid: true, source: true });
        return await each(
          messages.map((m) => async () => m.source!),
          take,
          async (i) => {
            await client.messageFlagsAdd(String(messages[i]!.uid), ['\\Seen'], { uid: true });
          },
        );
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
  };
}
