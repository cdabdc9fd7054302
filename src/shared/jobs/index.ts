import type { Logger } from '../logger';
import { BullJobQueue } from './bull.queue';
import { InProcessJobQueue } from './in-process.queue';
import type { JobQueue } from './job-queue';

export { defineEvent, defineJob, handleJob } from './job-queue';
export type {
  EnqueueOptions,
  EventHandle,
  JobContext,
  JobDefinition,
  JobHandle,
  JobHandler,
  JobQueue,
  RepeatOptions,
} from './job-queue';
export { inTransaction, PendingEvents, publishAfterCommit, Subscriptions } from './events';
export type { EventContext, Publish } from './events';
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
