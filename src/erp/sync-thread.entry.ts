import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { shiftedClock, useClock } from '../shared/clock';
import { createDb } from '../shared/db/knex';
import type { JobQueue } from '../shared/jobs/job-queue';
import { createLogger, redactError } from '../shared/logger';
import type { SyncThreadMessage, SyncThreadRequest } from './sync-thread';
import { runSync } from './sync.service';

const { config } = workerData as { config: Config };
const post = (message: SyncThreadMessage) => parentPort!.postMessage(message);

const unavailable = (): never => {
  throw new Error('the sync thread only enqueues; the queue lives in the main thread');
};

/** The sync publishes its events (and enqueues jobs) after the commit: they go to the main thread's queue. */
const forwardingQueue: JobQueue = {
  driver: 'in-process',
  register: unavailable,
  enqueue: async (job, payload) => {
    post({ kind: 'enqueue', name: job.name, payload });
    return job.name;
  },
  subscribe: unavailable,
  publish: async (event, payload) => {
    post({ kind: 'publish', event: event.event, payload });
  },
  schedule: unavailable,
  listSchedules: unavailable,
  start: unavailable,
  drain: unavailable,
  ping: async () => true,
  close: async () => undefined,
};

/** One connection for the thread's life; the runs come one at a time (sync-thread.ts queues them). */
const db = createDb(config.databaseUrl);
const deps: Deps = { config, db, jobs: forwardingQueue, logger: createLogger(config.logLevel) };

parentPort!.on('message', (request: SyncThreadRequest) => {
  const restore = useClock(shiftedClock(request.clockShiftMs));
  runSync(deps, request.runId)
    .then(
      () => post({ kind: 'done' }),
      (err: unknown) => post({ kind: 'failed', message: redactError(err).message }),
    )
    .finally(restore);
});
