import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT = '/usr/sbin/dovecot';

export interface Dovecot {
  /** imap://user:password@127.0.0.1:port/INBOX, as CASES_IMAP_URL takes it. */
  url: string;
  user: string;
  /** Delivers a raw message into the user's INBOX over IMAP (APPEND), unseen. */
  deliver(raw: string | Buffer): Promise<void>;
  /** Clears \Seen on every message: as if the reader died before flagging what it took. */
  markAllUnseen(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, proc: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
  throw new Error(`dovecot did not listen on ${port}: ${tail}`);
}

/**
 * A private Dovecot: its own config, passwd-file and maildir in a temp folder, listening on a free
 * port of 127.0.0.1 without TLS, run in the foreground as a child of the test. No system file is
 * read or changed (`-c` names the whole configuration).
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'service';
  const password = 'desk-secret';
  const me = os.userInfo();
  const root = me.uid === 0;
  // Dovecot runs its login and internal processes as unprivileged users; as root those are the
  // package's own (dovenull, dovecot), otherwise the one user the test runs as.
  const runAs = root ? '' : `default_login_user = ${me.username}\ndefault_internal_user = ${me.username}\n`;
  // Dovecot refuses to open a mailbox as root: as root the mail belongs to nobody.
  const [uid, gid] = root ? [65534, 65534] : [me.uid, me.gid];
  for (const sub of ['mail', 'home']) {
    fs.mkdirSync(path.join(dir, sub));
    fs.chownSync(path.join(dir, sub), uid, gid);
  }
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}:${uid}:${gid}::${dir}/home\n`);
  const log = path.join(dir, 'dovecot.log');
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
${runAs}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  inet_listener http {
    port = 0
  }
}
`,
  );
  const proc = spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore' });
  await waitForPort(port, proc, log);
  const url = `imap://${user}:${password}@127.0.0.1:${port}/INBOX`;
  const withClient = async (work: (c: ImapFlow) => Promise<void>) => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.logout().catch(() => undefined);
    }
  };
  return {
    url,
    user,
    deliver: (raw) =>
      withClient(async (c) => {
        await c.append('INBOX', raw, []);
      }),
    markAllUnseen: () =>
      withClient(async (c) => {
        const lock = await c.getMailboxLock('INBOX');
        try {
          await c.messageFlagsRemove('1:*', ['\\Seen']);
        } finally {
          lock.release();
        }
      }),
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
