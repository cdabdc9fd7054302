import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

/**
 * FAKE SMTP server: SMTP is a boundary these tests cannot run for real (no mail server, no
 * network), so a real SMTP protocol server (the smtp-server package) listens on 127.0.0.1 on a
 * random port and keeps what it is given. It accepts every message unless told to refuse the
 * next ones, which it does at DATA with a permanent error, as a server refusing by policy would.
 */
export class FakeSmtpServer {
  readonly received: ReceivedMessage[] = [];
  /** Every DATA the server was offered, accepted or refused. */
  offered = 0;
  private refusals = 0;
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      // Plain SMTP on loopback: no certificate to trust, no account to log in with.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.offered += 1;
          if (this.refusals > 0) {
            this.refusals -= 1;
            callback(
              Object.assign(new Error('5.7.1 Message refused by policy (FAKE)'), { responseCode: 554 }),
            );
            return;
          }
          const envelope = session.envelope;
          this.received.push({
            mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
            rcptTo: envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          });
          callback();
        });
      },
    });
  }

  /** Refuses the next `count` messages. */
  refuseNext(count: number): void {
    this.refusals = count;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
