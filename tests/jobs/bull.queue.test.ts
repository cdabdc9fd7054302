import Bull from 'bull';
import pino from 'pino';
import { BullJobQueue, defineJob, type JobDefinition } from '../../src/shared/jobs';
import { describeWithRedis, redisUrl } from '../support/redis';

jest.setTimeout(20_000);

const logger = pino({ level: 'silent' });

test('when Redis is unreachable, ping answers false instead of throwing', async () => {
  const queue = new BullJobQueue('redis://127.0.0.1:1', logger, { prefix: 'fdtest-unreachable' });
  await expect(queue.ping()).resolves.toBe(false);
  await queue.close();
});

describeWithRedis('BullJobQueue', () => {
  const prefix = `fdtest-${process.pid}-${Date.now()}`;
  const opened: Array<{ close(): Promise<void> }> = [];

  function openQueue(): BullJobQueue {
    const queue = new BullJobQueue(redisUrl, logger, { prefix });
    opened.push(queue);
    return queue;
  }

  /** A bare bull queue on the same keys, to look at what the driver stored. */
  function inspect(name: string): Bull.Queue {
    const queue = new Bull(name, redisUrl, { prefix });
    opened.push(queue);
    return queue;
  }

  afterAll(async () => {
    await Promise.all(opened.map((queue) => queue.close()));
    const cleaner = new Bull('cleanup', redisUrl, { prefix });
    const keys = await cleaner.client.keys(`${prefix}:*`);
    if (keys.length > 0) await cleaner.client.del(...keys);
    await cleaner.close();
  });

  const noop = (name: string): JobDefinition<unknown> => ({
    name,
    attempts: 1,
    backoff: { type: 'fixed', delayMs: 0 },
    handle: async () => undefined,
  });

  test('when Redis answers, ping is true', async () => {
    expect(await openQueue().ping()).toBe(true);
  });

  test('when a producer enqueues a job, a separate worker runs it after start', async () => {
    const ran: Array<{ payload: unknown; producer: boolean }> = [];
    const def = (producer: boolean) =>
      defineJob<{ quoteId: number }>({
        name: 'send-quote',
        attempts: 1,
        backoff: { type: 'fixed', delayMs: 0 },
        handle: async (payload) => void ran.push({ payload, producer }),
      });
    const producer = openQueue();
    const worker = openQueue();
    producer.register(def(true));
    worker.register(def(false));

    await producer.enqueue(def(true), { quoteId: 42 });
    await worker.start();
    await worker.drain();

    expect(ran).toEqual([{ payload: { quoteId: 42 }, producer: false }]);
  });

  test('when a keyed job is still waiting, enqueue returns its id; once it has run, the key can be used again', async () => {
    const ran: string[] = [];
    const queue = openQueue();
    const recomputeAccountJob = defineJob<{ accountId: string }>({
      name: 'recompute-account',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      key: (p) => `account-${p.accountId}`,
      handle: async (p) => void ran.push(p.accountId),
    });
    queue.register(recomputeAccountJob);

    const first = await queue.enqueue(recomputeAccountJob, { accountId: 'a1' });
    expect(await queue.enqueue(recomputeAccountJob, { accountId: 'a1' })).toBe(first);
    await queue.start();
    await queue.drain();
    expect(ran).toEqual(['a1']);

    expect(await queue.enqueue(recomputeAccountJob, { accountId: 'a1' })).toBe(first);
    await queue.drain();
    expect(ran).toEqual(['a1', 'a1']);
  });

  test('when a repeatable job is registered twice by two workers, it exists exactly once', async () => {
    const first = openQueue();
    const second = openQueue();
    const erpSyncJob = noop('erp-sync');
    first.register(erpSyncJob);
    second.register(erpSyncJob);

    await first.schedule(erpSyncJob, {}, { id: 'nightly-sync', cron: '0 2 * * *' });
    await first.schedule(erpSyncJob, {}, { id: 'nightly-sync', cron: '0 2 * * *' });
    await second.schedule(erpSyncJob, {}, { id: 'nightly-sync', cron: '0 2 * * *' });

    expect(await second.listSchedules()).toEqual([
      {
        id: 'nightly-sync',
        name: 'erp-sync',
        cron: '0 2 * * *',
        next: expect.stringMatching(/T02:00:00\.000Z$/),
      },
    ]);
    const raw = inspect('erp-sync');
    expect(await raw.getRepeatableJobs()).toHaveLength(1);
    expect(await raw.getDelayed()).toHaveLength(1);
  });

  test('when the cron of a schedule changes, the new cron replaces the old one', async () => {
    const queue = openQueue();
    const erpExportJob = noop('erp-export');
    queue.register(erpExportJob);

    await queue.schedule(erpExportJob, {}, { id: 'nightly-export', cron: '0 2 * * *', tz: 'Europe/Berlin' });
    await queue.schedule(erpExportJob, {}, { id: 'nightly-export', cron: '30 3 * * *', tz: 'Europe/Berlin' });

    expect(await queue.listSchedules()).toMatchObject([{ id: 'nightly-export', cron: '30 3 * * *' }]);
    const raw = inspect('erp-export');
    expect(await raw.getRepeatableJobs()).toMatchObject([
      { id: 'nightly-export', cron: '30 3 * * *', tz: 'Europe/Berlin' },
    ]);
    expect(await raw.getDelayed()).toHaveLength(1);
  });

  test('when a job fails, it is retried until it succeeds within its attempts', async () => {
    const attempts: number[] = [];
    const queue = openQueue();
    const flakyJob = defineJob({
      name: 'flaky',
      attempts: 3,
      backoff: { type: 'fixed', delayMs: 50 },
      handle: async (_payload, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt < 3) throw new Error('ERP not answering');
      },
    });
    queue.register(flakyJob);
    await queue.start();

    await queue.enqueue(flakyJob, {});
    await queue.drain();

    expect(attempts).toEqual([1, 2, 3]);
  });

  test('when every attempt fails, the job stops after its attempts and is stored failed without SQL values', async () => {
    let calls = 0;
    const queue = openQueue();
    const doomedJob = defineJob({
      name: 'doomed',
      attempts: 2,
      backoff: { type: 'exponential', delayMs: 20 },
      handle: async () => {
        calls += 1;
        throw new Error(
          "insert into customers (email) values ('ceo@example.com') - UNIQUE constraint failed: customers.email",
        );
      },
    });
    queue.register(doomedJob);
    await queue.start();

    await queue.enqueue(doomedJob, {});
    await queue.drain();

    expect(calls).toBe(2);
    const failed = await inspect('doomed').getFailed();
    expect(failed).toHaveLength(1);
    expect(failed[0]?.failedReason).toBe('[sql redacted] - UNIQUE constraint failed: customers.email');
    expect(JSON.stringify(failed[0]?.stacktrace)).not.toContain('ceo@example.com');
  });
});
