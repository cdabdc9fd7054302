import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { registerAllJobs } from '../../src/jobs';
import { BullJobQueue } from '../../src/shared/jobs';
import { createLogger } from '../../src/shared/logger';
import type { TestContext } from '../support/app';
import { freePort } from '../support/server-process';

/**
 * A redis-server of the test's own on a free port, so restarting it disturbs nobody else's tests.
 * No persistence: a restart comes back empty, the harshest case.
 */
export class OwnRedis {
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  up(): void {
    execFileSync('redis-server', [
      '--port',
      String(this.port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
    ]);
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' });
        return;
      } catch {
        execFileSync('sleep', ['0.05']);
      }
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  down(): void {
    execFileSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave'], { stdio: 'ignore' });
  }
}

/** The environment of the server and worker processes of a fault test. */
export function processEnv(
  t: TestContext & { databaseUrl: string },
  redis: OwnRedis,
  extra: Record<string, string> = {},
) {
  return {
    DATABASE_URL: t.databaseUrl,
    REDIS_URL: redis.url,
    ERP_DROP_DIR: t.deps.config.erpDropDir,
    EXPORT_DIR: t.deps.config.exportDir,
    OUTBOX_DIR: t.deps.config.outboxDir,
    // A killed worker's job runs again within seconds, not the production half minute.
    JOB_LOCK_SECONDS: '2',
    MAIL_RETRY_DELAY_SECONDS: '1',
    SHUTDOWN_GRACE_SECONDS: '5',
    ...extra,
  };
}

/** A producer-side view of the workers' queues (never started), to read schedules and wait for idle. */
export function queueView(t: TestContext, redis: OwnRedis): BullJobQueue {
  const jobs = new BullJobQueue(redis.url, createLogger('silent'));
  registerAllJobs({ ...t.deps, jobs });
  return jobs;
}

export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  tries = 1200,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen; last seen: ${JSON.stringify(last)}`);
}

/**
 * FAKE SMTP server (SMTP is a boundary we cannot run for real) that can hold a message at the
 * end of DATA without answering, as a slow server would: the sender is then mid-send.
 */
export class HoldingSmtp {
  readonly subjects: string[] = [];
  private holdNext = 0;
  private onHeld: (() => void) | undefined;
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.holdNext > 0) {
            this.holdNext -= 1;
            this.onHeld?.();
            return; // never answered: the message is not accepted
          }
          this.subjects.push(/^Subject: (.*)$/m.exec(Buffer.concat(chunks).toString())?.[1] ?? '');
          callback();
        });
      },
    });
  }

  /** Holds the next message; resolves once one is being held. */
  holdOne(): Promise<void> {
    this.holdNext = 1;
    return new Promise((resolve) => {
      this.onHeld = resolve;
    });
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
