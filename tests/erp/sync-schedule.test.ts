import Bull from 'bull';
import { NightlySyncJob, NIGHTLY_SYNC_SCHEDULE_ID, registerErpJobs, scheduleErpJobs } from '../../src/erp';
import { BullJobQueue, InProcessJobQueue } from '../../src/shared/jobs';
import { useTestApp } from '../support/test-app';
import { describeWithRedis, redisUrl } from '../support/redis';

const t = useTestApp({ env: { SYNC_CRON: '30 1 * * *' } });

describe('the nightly sync schedule (in-process)', () => {
  test('registered three times, it exists once, at SYNC_CRON', async () => {
    const jobs = new InProcessJobQueue(t.deps.logger);
    const deps = { ...t.deps, jobs };
    registerErpJobs(deps);
    for (let i = 0; i < 3; i++) await scheduleErpJobs(deps);
    expect((await jobs.listSchedules()).filter((s) => s.id === NIGHTLY_SYNC_SCHEDULE_ID)).toEqual([
      expect.objectContaining({
        id: NIGHTLY_SYNC_SCHEDULE_ID,
        name: NightlySyncJob.name,
        cron: '30 1 * * *',
      }),
    ]);
    await jobs.close();
  });
});

describeWithRedis('the nightly sync schedule (bull on Redis)', () => {
  test('registered by two workers and a restart, it exists once in Redis', async () => {
    const prefix = `fdtest-sched-${process.pid}-${Date.now()}`;
    const queues = [
      new BullJobQueue(redisUrl, t.deps.logger, { prefix }),
      new BullJobQueue(redisUrl, t.deps.logger, { prefix }),
    ];
    try {
      for (const jobs of queues) {
        const deps = { ...t.deps, jobs };
        registerErpJobs(deps);
        await scheduleErpJobs(deps);
        await scheduleErpJobs(deps);
      }
      const schedules = (await queues[0]!.listSchedules()).filter((s) => s.id === NIGHTLY_SYNC_SCHEDULE_ID);
      expect(schedules).toEqual([expect.objectContaining({ name: NightlySyncJob.name, cron: '30 1 * * *' })]);
    } finally {
      for (const q of queues) await q.close();
      const cleaner = new Bull('cleanup', redisUrl, { prefix });
      const keys = await cleaner.client.keys(`${prefix}:*`);
      if (keys.length > 0) await cleaner.client.del(...keys);
      await cleaner.close();
    }
  });
});
