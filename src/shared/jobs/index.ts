import type { Logger } from '../logger';
import { BullJobQueue } from './bull.queue';
import { InProcessJobQueue } from './in-process.queue';
import type { JobQueue } from './job-queue';

export { defineJob } from './job-queue';
export type { EnqueueOptions, JobContext, JobDefinition, JobQueue, RepeatOptions } from './job-queue';
export { BullJobQueue, type BullJobQueueOptions } from './bull.queue';
export { InProcessJobQueue, type FinishedJob } from './in-process.queue';

/** Redis when configured (web server and worker share it); otherwise jobs run in this process. */
export function createJobQueue(
  redisUrl: string | undefined,
  logger: Logger,
  opts: { lockMs?: number } = {},
): JobQueue {
  return redisUrl ? new BullJobQueue(redisUrl, logger, opts) : new InProcessJobQueue(logger);
}
