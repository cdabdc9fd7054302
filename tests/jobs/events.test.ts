import Bull from 'bull';
import type { Knex } from 'knex';
import pino from 'pino';
import { createDb } from '../../src/shared/db/knex';
import { compileValidator, S } from '../../src/shared/http/validation';
import {
  BullJobQueue,
  defineEvent,
  defineJob,
  type EventContext,
  inTransaction,
  InProcessJobQueue,
  type JobQueue,
} from '../../src/shared/jobs';
import { describeWithRedis, redisUrl } from '../support/redis';

jest.setTimeout(20_000);

interface LogLine {
  level: number;
  msg: string;
  event?: string;
  payload?: unknown;
  err?: { message: string };
}

const PartShipped = defineEvent<{ partId: string }>('test.part-shipped');
const noRetry = { attempts: 1, backoff: { type: 'fixed' as const, delayMs: 0 } };
const partPayload = compileValidator<{ partId: string }>(
  S.object({ partId: S.str(40) }, ['partId']),
  'Job payload is invalid',
);

const table = `events_test_${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
let db: Knex;
const queues: JobQueue[] = [];

beforeAll(async () => {
  db = createDb(process.env.TEST_DATABASE_URL!);
  await db.schema.createTable(table, (t) => {
    t.string('id', 40).primary();
  });
});

afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
});

afterAll(async () => {
  await db.schema.dropTableIfExists(table);
  await db.destroy();
});

/** An in-process queue on the test database, with its log lines kept for the assertions. */
function openContext(): EventContext & { jobs: InProcessJobQueue; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  );
  const jobs = new InProcessJobQueue(logger);
  queues.push(jobs);
  return { db, jobs, logger, lines };
}

/** A subscriber that records what it saw of the part's row when it ran (outside the publisher's transaction). */
function recordingSubscriber(name: string, seen: Array<{ partId: string; stored: boolean }>) {
  return defineJob<{ partId: string }>({
    name,
    ...noRetry,
    validate: partPayload,
    handle: async ({ partId }) => {
      const row = await db(table).where({ id: partId }).first();
      seen.push({ partId, stored: row !== undefined });
    },
  });
}

describe('events published in a transaction', () => {
  test('when the transaction rolls back, no subscriber ever sees the event', async () => {
    const ctx = openContext();
    const seen: Array<{ partId: string; stored: boolean }> = [];
    ctx.jobs.subscribe(PartShipped, recordingSubscriber('test.rollback-listener', seen));
    await ctx.jobs.start();

    await expect(
      inTransaction(ctx, async (trx, publish) => {
        await trx(table).insert({ id: 'rolled-back' });
        publish(PartShipped, { partId: 'rolled-back' });
        throw new Error('the carrier refused the booking');
      }),
    ).rejects.toThrow('the carrier refused the booking');
    await ctx.jobs.drain();

    expect(seen).toEqual([]);
    expect(ctx.jobs.recentJobs()).toEqual([]);
    expect(await db(table).where({ id: 'rolled-back' }).first()).toBeUndefined();
  });

  test('when the transaction commits, each subscriber gets the event once and sees the committed row', async () => {
    const ctx = openContext();
    const export1: Array<{ partId: string; stored: boolean }> = [];
    const mail: Array<{ partId: string; stored: boolean }> = [];
    ctx.jobs.subscribe(PartShipped, recordingSubscriber('test.export-listener', export1));
    ctx.jobs.subscribe(PartShipped, recordingSubscriber('test.mail-listener', mail));
    await ctx.jobs.start();

    const result = await inTransaction(ctx, async (trx, publish) => {
      await trx(table).insert({ id: 'committed' });
      publish(PartShipped, { partId: 'committed' });
      return 'done';
    });
    await ctx.jobs.drain();

    expect(result).toBe('done');
    expect(export1).toEqual([{ partId: 'committed', stored: true }]);
    expect(mail).toEqual([{ partId: 'committed', stored: true }]);
  });

  test('when a subscriber is registered twice, it still gets each event once', async () => {
    const ctx = openContext();
    const seen: Array<{ partId: string; stored: boolean }> = [];
    const listener = recordingSubscriber('test.twice-listener', seen);
    ctx.jobs.subscribe(PartShipped, listener);
    ctx.jobs.subscribe(PartShipped, listener);
    await ctx.jobs.start();

    await inTransaction(ctx, async (trx, publish) => {
      await trx(table).insert({ id: 'registered-twice' });
      publish(PartShipped, { partId: 'registered-twice' });
    });
    await ctx.jobs.drain();

    expect(seen).toEqual([{ partId: 'registered-twice', stored: true }]);
  });

  test('when one subscriber fails, only that subscriber is retried', async () => {
    const ctx = openContext();
    const flakyAttempts: number[] = [];
    let steadyRuns = 0;
    ctx.jobs.subscribe(
      PartShipped,
      defineJob<{ partId: string }>({
        name: 'test.flaky-listener',
        attempts: 3,
        backoff: { type: 'fixed', delayMs: 1 },
        handle: async (_payload, job) => {
          flakyAttempts.push(job.attempt);
          if (job.attempt === 1) throw new Error('SMTP server not answering');
        },
      }),
    );
    ctx.jobs.subscribe(
      PartShipped,
      defineJob<{ partId: string }>({
        name: 'test.steady-listener',
        ...noRetry,
        handle: async () => {
          steadyRuns += 1;
        },
      }),
    );
    await ctx.jobs.start();

    await inTransaction(ctx, async (trx, publish) => {
      await trx(table).insert({ id: 'flaky' });
      publish(PartShipped, { partId: 'flaky' });
    });
    await ctx.jobs.drain();

    expect(flakyAttempts).toEqual([1, 2]);
    expect(steadyRuns).toBe(1);
    expect(
      ctx.jobs
        .recentJobs()
        .map((j) => ({ name: j.name, status: j.status, attempts: j.attempts }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: 'test.flaky-listener', status: 'completed', attempts: 2 },
      { name: 'test.steady-listener', status: 'completed', attempts: 1 },
    ]);
  });

  test('when one subscriber cannot be enqueued, the others still are, the work stands and the log names the event', async () => {
    const ctx = openContext();
    const seen: Array<{ partId: string; stored: boolean }> = [];
    ctx.jobs.subscribe(
      PartShipped,
      defineJob<{ partId: string }>({
        name: 'test.refusing-listener',
        ...noRetry,
        validate: () => {
          throw new Error('this listener refuses every payload');
        },
        handle: async () => undefined,
      }),
    );
    ctx.jobs.subscribe(PartShipped, recordingSubscriber('test.accepting-listener', seen));
    await ctx.jobs.start();

    await inTransaction(ctx, async (trx, publish) => {
      await trx(table).insert({ id: 'half-published' });
      publish(PartShipped, { partId: 'half-published' });
    });
    await ctx.jobs.drain();

    expect(seen).toEqual([{ partId: 'half-published', stored: true }]);
    const errors = ctx.lines.filter((l) => l.level === 50);
    expect(errors).toMatchObject([
      {
        msg: 'event could not be published',
        event: 'test.part-shipped',
        payload: { partId: 'half-published' },
        err: { message: expect.stringContaining('test.refusing-listener') },
      },
    ]);
  });

  test('a payload of another shape does not compile, and one cast past the compiler is refused by the schema', async () => {
    const ctx = openContext();
    const seen: Array<{ partId: string; stored: boolean }> = [];
    const listener = recordingSubscriber('test.typed-listener', seen);
    ctx.jobs.subscribe(PartShipped, listener);
    const QuoteSent = defineEvent<{ quoteId: string; revision: number }>('test.quote-sent');
    // @ts-expect-error a subscriber takes the payload of the event it subscribes to
    ctx.jobs.subscribe(QuoteSent, listener);
    await ctx.jobs.start();

    // @ts-expect-error partId is a string
    await expect(ctx.jobs.enqueue(listener, { partId: 7 })).rejects.toThrow('Job payload is invalid');
    // @ts-expect-error the event's payload has no orderId
    await expect(ctx.jobs.publish(PartShipped, { orderId: 'x' })).rejects.toThrow('test.typed-listener');
    await inTransaction(ctx, async (_trx, publish) => {
      // @ts-expect-error publish checks the payload as enqueue does
      publish(PartShipped, { partId: null });
    });
    await ctx.jobs.drain();

    expect(seen).toEqual([]);
  });
});

describeWithRedis('events on the bull driver', () => {
  const prefix = `fdtest-events-${process.pid}-${Date.now()}`;
  const logger = pino({ level: 'silent' });

  afterAll(async () => {
    const raw = new Bull('cleanup', redisUrl, { prefix });
    const keys = await raw.client.keys(`${prefix}:*`);
    if (keys.length > 0) await raw.client.del(...keys);
    await raw.close();
  });

  test('the web process publishes after the commit, and the worker runs each subscriber once', async () => {
    const seen: string[] = [];
    const subscribe = (jobs: JobQueue, where: string) => {
      for (const name of ['test.bull-export', 'test.bull-mail'])
        jobs.subscribe(
          PartShipped,
          defineJob<{ partId: string }>({
            name,
            ...noRetry,
            handle: async ({ partId }) => void seen.push(`${name} ${partId} in ${where}`),
          }),
        );
    };
    const web = new BullJobQueue(redisUrl, logger, { prefix });
    const worker = new BullJobQueue(redisUrl, logger, { prefix });
    queues.push(web, worker);
    subscribe(web, 'web');
    subscribe(worker, 'worker');

    await inTransaction({ db, jobs: web, logger }, async (trx, publish) => {
      await trx(table).insert({ id: 'via-redis' });
      publish(PartShipped, { partId: 'via-redis' });
    });
    await worker.start();
    await worker.drain();

    expect(seen.sort()).toEqual([
      'test.bull-export via-redis in worker',
      'test.bull-mail via-redis in worker',
    ]);
  });
});
