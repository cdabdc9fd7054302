import Bull from 'bull';
import { CronExpressionParser } from 'cron-parser';
import { AppError } from '../errors';
import { redactError, type Logger } from '../logger';
import { Subscriptions } from './events';
import type {
  EnqueueOptions,
  EventHandle,
  JobDefinition,
  JobHandle,
  JobQueue,
  RepeatOptions,
} from './job-queue';

export interface BullJobQueueOptions {
  /** Redis key prefix; tests pass a unique one per run so they never see each other's jobs. */
  prefix?: string;
  /** Jobs of one name this process runs at the same time. */
  concurrency?: number;
  /** Bull's lockDuration and stalledInterval: how soon a killed worker's job runs again. */
  lockMs?: number;
}

type Schedules = Array<{ id: string; name: string; cron: string; next: string | null }>;

const PING_TIMEOUT_MS = 1000;
const DRAIN_TIMEOUT_MS = 30_000;
const DRAIN_POLL_MS = 50;

/**
 * The Redis driver: one bull queue per job name. Producers (the web server) register and
 * enqueue; only the worker calls start(). Bull delivers at least once, so handlers are idempotent.
 */
export class BullJobQueue implements JobQueue {
  readonly driver = 'bull' as const;
  private readonly redisUrl: string;
  private readonly logger: Logger;
  private readonly prefix: string;
  private readonly concurrency: number;
  private readonly lockMs: number | undefined;
  /** What schedule() was given, to give again to a Redis that came back empty. */
  private readonly schedules = new Map<
    string,
    { job: JobHandle<unknown>; payload: unknown; opts: RepeatOptions }
  >();
  private readonly defs = new Map<string, JobDefinition<unknown>>();
  private readonly queues = new Map<string, Bull.Queue>();
  private healthQueue: Bull.Queue | undefined;
  private readonly subscriptions = new Subscriptions();
  private started = false;

  constructor(redisUrl: string, logger: Logger, opts: BullJobQueueOptions = {}) {
    this.redisUrl = redisUrl;
    this.logger = logger;
    this.prefix = opts.prefix ?? 'factorydesk';
    this.concurrency = opts.concurrency ?? 1;
    this.lockMs = opts.lockMs;
  }

  register<P>(def: JobDefinition<P>): void {
    const known = this.defs.has(def.name);
    const stored = def as unknown as JobDefinition<unknown>;
    this.defs.set(def.name, stored);
    this.queueFor(def.name);
    if (this.started && !known) this.process(stored);
  }

  subscribe<P>(event: EventHandle<P>, subscriber: JobDefinition<NoInfer<P>>): void {
    this.register(subscriber);
    this.subscriptions.add(event as EventHandle<unknown>, subscriber as unknown as JobDefinition<unknown>);
  }

  publish<P>(event: EventHandle<P>, payload: NoInfer<P>): Promise<void> {
    return this.subscriptions.publish(this, event as EventHandle<unknown>, payload);
  }

  async enqueue<P>(job: JobHandle<P>, payload: NoInfer<P>, opts: EnqueueOptions = {}): Promise<string> {
    const name = job.name;
    const def = this.definition(name);
    const data = def.validate ? def.validate(payload) : payload;
    const jobId = opts.jobId ?? def.key?.(data);
    const queue = this.queueFor(name);
    if (jobId !== undefined) await releaseFinished(queue, jobId);
    const added = await queue.add(data, {
      ...jobOptions(def),
      ...(opts.delayMs && opts.delayMs > 0 ? { delay: opts.delayMs } : {}),
      ...(jobId !== undefined ? { jobId } : {}),
    });
    return String(added.id);
  }

  async schedule<P>(job: JobHandle<P>, payload: NoInfer<P>, opts: RepeatOptions): Promise<void> {
    // Bull splits repeat keys on ':' to find the id again, so an id holding one could never be replaced.
    if (opts.id.includes(':'))
      throw new AppError('internal', `Schedule id "${opts.id}" must not contain ":"`);
    const name = job.name;
    const def = this.definition(name);
    const data = def.validate ? def.validate(payload) : payload;
    const tz = opts.tz ?? 'UTC';
    // An invalid expression must fail before the schedule it would replace is removed.
    CronExpressionParser.parse(opts.cron, { tz });
    const queue = this.queueFor(name);
    this.schedules.set(opts.id, { job: job as JobHandle<unknown>, payload, opts });
    for (const repeatable of await queue.getRepeatableJobs()) {
      if (repeatable.id === opts.id && (repeatable.cron !== opts.cron || repeatable.tz !== tz)) {
        await queue.removeRepeatableByKey(repeatable.key);
      }
    }
    // Same id, cron and tz give the same repeat key and next-run job id, so a second add (a
    // restart, another worker) overwrites the first instead of adding a schedule.
    await queue.add(data, { ...jobOptions(def), repeat: { cron: opts.cron, tz }, jobId: opts.id });
  }

  async listSchedules(): Promise<Schedules> {
    const out: Schedules = [];
    for (const [name, queue] of this.queues) {
      for (const r of await queue.getRepeatableJobs()) {
        out.push({
          id: r.id ?? r.key,
          name,
          cron: r.cron,
          next: Number.isFinite(r.next) ? new Date(r.next).toISOString() : null,
        });
      }
    }
    return out;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const def of this.defs.values()) this.process(def);
  }

  /** Best effort for tests: polls Redis until no job is waiting, running or due for a retry. */
  async drain(): Promise<void> {
    const deadline = performance.now() + DRAIN_TIMEOUT_MS;
    // Two idle readings in a row: counts are read queue by queue, and a job running in one queue
    // may enqueue into a queue already counted.
    let idleReadings = 0;
    while (idleReadings < 2) {
      idleReadings = (await this.pendingCount()) === 0 ? idleReadings + 1 : 0;
      if (idleReadings >= 2) return;
      if (performance.now() > deadline)
        throw new AppError('internal', `Jobs still pending after ${DRAIN_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  }

  async ping(): Promise<boolean> {
    const queue = this.queues.values().next().value ?? this.health();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis PING timed out')), PING_TIMEOUT_MS);
    });
    try {
      // ioredis queues commands while disconnected, so without the race a dead Redis hangs /health.
      return (await Promise.race([queue.client.ping(), timeout])) === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for running jobs (bull pauses the worker first), then disconnects. */
  async close(): Promise<void> {
    const queues = [...this.queues.values(), ...(this.healthQueue ? [this.healthQueue] : [])];
    await Promise.all(queues.map((queue) => queue.close()));
  }

  private definition(name: string): JobDefinition<unknown> {
    const def = this.defs.get(name);
    if (!def) throw new AppError('internal', `Job "${name}" is not registered`);
    return def;
  }

  private queueFor(name: string): Bull.Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.createQueue(name);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Only for ping() when nothing is registered; '__' keeps it apart from job names. */
  private health(): Bull.Queue {
    this.healthQueue ??= this.createQueue('__health');
    return this.healthQueue;
  }

  private createQueue(name: string): Bull.Queue {
    const queue = new Bull(name, this.redisUrl, {
      prefix: this.prefix,
      ...(this.lockMs ? { settings: { lockDuration: this.lockMs, stalledInterval: this.lockMs } } : {}),
    });
    // Without a listener a Redis outage would surface as errors nobody sees; bull and ioredis
    // reconnect by themselves, so logging is all there is to do.
    queue.on('error', (err: unknown) =>
      this.logger.error({ queue: name, err: redactError(err) }, 'job queue error'),
    );
    // A Redis restarted without persistence comes back empty: the repeatable schedules are
    // given again (same fixed ids, so a Redis that kept them keeps one of each).
    let connectedBefore = false;
    queue.client.on('ready', () => {
      if (connectedBefore) void this.reschedule(name);
      connectedBefore = true;
    });
    return queue;
  }

  private async reschedule(queueName: string): Promise<void> {
    for (const { job, payload, opts } of this.schedules.values()) {
      if (job.name !== queueName) continue;
      try {
        await this.schedule(job, payload, opts);
        this.logger.info({ schedule: opts.id }, 'schedule given again after Redis reconnected');
      } catch (err) {
        this.logger.error(
          { schedule: opts.id, err: redactError(err) },
          'schedule not given again after reconnect',
        );
      }
    }
  }

  private process(def: JobDefinition<unknown>): void {
    const queue = this.queueFor(def.name);
    // The promise of process() settles only when the queue closes, so it is not awaited.
    queue
      .process(this.concurrency, (job: Bull.Job) => this.runJob(def, job))
      .catch((err: unknown) =>
        this.logger.error({ queue: def.name, err: redactError(err) }, 'job worker stopped'),
      );
  }

  private async runJob(def: JobDefinition<unknown>, job: Bull.Job): Promise<void> {
    const attempt = job.attemptsMade + 1;
    const ctx = { jobId: String(job.id), attempt, progress: (value: unknown) => job.progress(value) };
    try {
      await def.handle(job.data, ctx);
    } catch (err) {
      const redacted = redactError(err);
      const log = { job: def.name, jobId: ctx.jobId, attempt, err: redacted };
      if (attempt >= def.attempts) this.logger.error(log, 'job failed after its last attempt');
      else this.logger.warn(log, 'job failed, will retry');
      // Bull stores the failure's message and stack in Redis: keep SQL bound values out of it.
      const stored = new Error(redacted.message);
      stored.name = redacted.name;
      if (redacted.stack) stored.stack = redacted.stack;
      throw stored;
    }
  }

  private async pendingCount(): Promise<number> {
    let pending = 0;
    for (const queue of this.queues.values()) {
      const counts = await queue.getJobCounts();
      pending += counts.waiting + counts.active;
      // The next run of every repeatable sits in the delayed set forever; only retries and
      // delayed one-off jobs count as pending.
      if (counts.delayed > 0)
        pending += (await queue.getDelayed()).filter((job) => !String(job.id).startsWith('repeat:')).length;
    }
    return pending;
  }
}

function jobOptions(def: JobDefinition<unknown>): Bull.JobOptions {
  return {
    attempts: def.attempts,
    backoff: { type: def.backoff.type, delay: def.backoff.delayMs },
    removeOnComplete: 100,
    removeOnFail: 500,
  };
}

/**
 * Bull dedups against any job hash still stored, finished ones included (removeOnComplete keeps
 * the last 100), while the contract dedups only against waiting or running jobs.
 */
async function releaseFinished(queue: Bull.Queue, jobId: string): Promise<void> {
  const job = await queue.getJob(jobId);
  if (!job) return;
  const state = await job.getState();
  // A concurrent enqueue or removeOnComplete may have removed it first; add() copes either way.
  if (state === 'completed' || state === 'failed') await job.remove().catch(() => undefined);
}
