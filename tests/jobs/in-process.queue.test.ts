import pino from 'pino';
import { defineJob, InProcessJobQueue } from '../../src/shared/jobs';

interface LogLine {
  level: number;
  msg: string;
  attempt?: number;
  err?: { message: string };
}

function captureLogs(): { lines: LogLine[]; queue: InProcessJobQueue } {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  );
  return { lines, queue: new InProcessJobQueue(logger) };
}

const queues: InProcessJobQueue[] = [];
function openQueue(): { lines: LogLine[]; queue: InProcessJobQueue } {
  const opened = captureLogs();
  queues.push(opened.queue);
  return opened;
}

afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
});

async function waitUntil(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('InProcessJobQueue', () => {
  test('when a job is enqueued after start, it runs with its payload only after enqueue has returned', async () => {
    const { queue } = openQueue();
    const seen: Array<{ payload: unknown; jobId: string; attempt: number }> = [];
    const confirmOrderJob = defineJob<{ orderId: number }>({
      name: 'confirm-order',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      handle: async (payload, ctx) => {
        seen.push({ payload, jobId: ctx.jobId, attempt: ctx.attempt });
      },
    });
    queue.register(confirmOrderJob);
    await queue.start();

    const id = await queue.enqueue(confirmOrderJob, { orderId: 7 });
    expect(seen).toEqual([]);
    await queue.drain();

    expect(seen).toEqual([{ payload: { orderId: 7 }, jobId: id, attempt: 1 }]);
    expect(queue.recentJobs()).toMatchObject([
      { id, name: 'confirm-order', status: 'completed', attempts: 1 },
    ]);
  });

  test('when a job is enqueued before start, it waits and runs once the queue starts', async () => {
    const { queue } = openQueue();
    const ran: number[] = [];
    const nJob = defineJob<number>({
      name: 'n',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      handle: async (n) => void ran.push(n),
    });
    queue.register(nJob);

    await queue.enqueue(nJob, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual([]);

    await queue.start();
    await queue.drain();
    expect(ran).toEqual([1]);
  });

  test('when the handler fails twice, the third attempt succeeds and drain waits for the retries', async () => {
    const { queue } = openQueue();
    const attempts: number[] = [];
    const flakyJob = defineJob({
      name: 'flaky',
      attempts: 3,
      backoff: { type: 'exponential', delayMs: 10 },
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
    expect(queue.recentJobs()).toMatchObject([{ status: 'completed', attempts: 3 }]);
  });

  test('when every attempt fails, it gives up after `attempts` and logs the failure without SQL values', async () => {
    const { queue, lines } = openQueue();
    let calls = 0;
    const doomedJob = defineJob({
      name: 'doomed',
      attempts: 2,
      backoff: { type: 'fixed', delayMs: 5 },
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
    expect(queue.recentJobs()).toMatchObject([{ status: 'failed', attempts: 2 }]);
    const final = lines.filter((line) => line.level === 50);
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({ msg: 'job failed after its last attempt', attempt: 2 });
    expect(JSON.stringify(lines)).not.toContain('ceo@example.com');
  });

  test('when a job with the same key is still waiting, enqueue returns its id and the job runs once', async () => {
    const { queue } = openQueue();
    const ran: string[] = [];
    const recomputeAccountJob = defineJob<{ accountId: string }>({
      name: 'recompute-account',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      key: (p) => `account-${p.accountId}`,
      handle: async (p) => void ran.push(p.accountId),
    });
    queue.register(recomputeAccountJob);

    const first = await queue.enqueue(recomputeAccountJob, { accountId: 'a1' });
    const second = await queue.enqueue(recomputeAccountJob, { accountId: 'a1' });
    const other = await queue.enqueue(recomputeAccountJob, { accountId: 'a2' });
    expect(second).toBe(first);
    expect(other).not.toBe(first);

    await queue.start();
    await queue.drain();
    expect(ran).toEqual(['a1', 'a2']);

    await queue.enqueue(recomputeAccountJob, { accountId: 'a1' });
    await queue.drain();
    expect(ran).toEqual(['a1', 'a2', 'a1']);
  });

  test('when a job is delayed, drain waits until it has run', async () => {
    const { queue } = openQueue();
    const ran: string[] = [];
    const reminderJob = defineJob({
      name: 'reminder',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      handle: async () => void ran.push('sent'),
    });
    queue.register(reminderJob);
    await queue.start();

    await queue.enqueue(reminderJob, {}, { delayMs: 30 });
    expect(ran).toEqual([]);
    await queue.drain();
    expect(ran).toEqual(['sent']);
  });

  test('when more than 100 jobs have finished, only the last 100 are kept', async () => {
    const { queue } = openQueue();
    const tickJob = defineJob<number>({
      name: 'tick',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      handle: async () => undefined,
    });
    queue.register(tickJob);
    await queue.start();

    for (let i = 0; i < 105; i += 1) await queue.enqueue(tickJob, i);
    await queue.drain();

    const recent = queue.recentJobs();
    expect(recent).toHaveLength(100);
    expect(recent[99]?.id).toBe('105');
  });

  test('when the same schedule id is registered twice, one schedule exists', async () => {
    const { queue } = openQueue();
    const erpSyncJob = defineJob({
      name: 'erp-sync',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      handle: async () => undefined,
    });
    queue.register(erpSyncJob);
    await queue.start();

    await queue.schedule(erpSyncJob, {}, { id: 'nightly-sync', cron: '0 2 * * *', tz: 'Europe/Berlin' });
    await queue.schedule(erpSyncJob, {}, { id: 'nightly-sync', cron: '0 2 * * *', tz: 'Europe/Berlin' });

    const schedules = await queue.listSchedules();
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ id: 'nightly-sync', name: 'erp-sync', cron: '0 2 * * *' });
    // 02:00 in Berlin is 00:00 or 01:00 UTC depending on daylight saving time.
    expect(schedules[0]?.next).toMatch(/T0[01]:00:00\.000Z$/);
  });

  test('when a schedule is registered again with another cron, the new cron replaces the old one', async () => {
    const { queue } = openQueue();
    const erpSyncJob = defineJob({
      name: 'erp-sync',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      handle: async () => undefined,
    });
    queue.register(erpSyncJob);

    await queue.schedule(erpSyncJob, {}, { id: 'nightly-sync', cron: '0 2 * * *' });
    await queue.schedule(erpSyncJob, {}, { id: 'nightly-sync', cron: '30 3 * * *' });

    expect(await queue.listSchedules()).toEqual([
      {
        id: 'nightly-sync',
        name: 'erp-sync',
        cron: '30 3 * * *',
        next: expect.stringMatching(/T03:30:00\.000Z$/),
      },
    ]);
  });

  test('when a schedule comes due, its job runs, and drain does not wait for the next one', async () => {
    const { queue } = openQueue();
    const ran: string[] = [];
    const heartbeatJob = defineJob({
      name: 'heartbeat',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      handle: async () => void ran.push('beat'),
    });
    queue.register(heartbeatJob);
    await queue.schedule(heartbeatJob, {}, { id: 'every-second', cron: '* * * * * *' });
    await queue.start();

    await waitUntil(() => ran.length > 0);
    await queue.drain();
    expect(ran.length).toBeGreaterThan(0);
  });

  test('when an invalid payload is enqueued, validation throws and nothing is queued', async () => {
    const { queue } = openQueue();
    const strictJob = defineJob<{ id: number }>({
      name: 'strict',
      attempts: 1,
      backoff: { type: 'fixed', delayMs: 0 },
      validate: (p) => {
        if (typeof (p as { id?: unknown }).id !== 'number') throw new Error('id must be a number');
        return p as { id: number };
      },
      handle: async () => undefined,
    });
    queue.register(strictJob);
    await queue.start();

    // The compiler refuses this payload; one from outside its sight (a script, an old producer) is cast.
    const untyped = { id: 'x' } as unknown as { id: number };
    await expect(queue.enqueue(strictJob, untyped)).rejects.toThrow('id must be a number');
    await queue.drain();
    expect(queue.recentJobs()).toEqual([]);
  });
});
