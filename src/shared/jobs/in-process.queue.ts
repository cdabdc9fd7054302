import { CronExpressionParser } from 'cron-parser';
import { currentTime } from '../clock';
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
import { nowIso } from '../time';

interface Entry {
  id: string;
  name: string;
  payload: unknown;
  dedupKey: string | undefined;
  /** Attempts already made (failed ones, plus the running one while it runs). */
  attempts: number;
  progress: unknown;
}

export interface FinishedJob {
  id: string;
  name: string;
  status: 'completed' | 'failed';
  attempts: number;
  progress: unknown;
  finishedAt: string;
}

interface Schedule {
  id: string;
  name: string;
  payload: unknown;
  cron: string;
  tz: string;
  timer: NodeJS.Timeout | undefined;
}

const HISTORY_LIMIT = 100;
/** setTimeout fires at once for delays above 2^31-1 ms, so long cron gaps are waited in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The embedded driver: jobs live in memory and are lost on exit, which is acceptable for the
 * single-process install (the nightly sync is re-run by its cron). Like a bull worker with
 * concurrency 1, each job name runs one job at a time, so handlers see the same interleavings
 * under both drivers.
 */
export class InProcessJobQueue implements JobQueue {
  readonly driver = 'in-process' as const;
  private readonly logger: Logger;
  private readonly defs = new Map<string, JobDefinition<unknown>>();
  private readonly ready = new Map<string, Entry[]>();
  private readonly busy = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  /** Delay and retry timers: they hold jobs that still count as pending for drain(). */
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  /** `${name}\0${key}` of every job waiting, running or retry-pending, to its job id. */
  private readonly activeKeys = new Map<string, string>();
  private readonly schedules = new Map<string, Schedule>();
  private readonly history: FinishedJob[] = [];
  private readonly subscriptions = new Subscriptions();
  private idleWaiters: Array<() => void> = [];
  private pumpQueued = false;
  private started = false;
  private closed = false;
  private seq = 0;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  register<P>(def: JobDefinition<P>): void {
    this.defs.set(def.name, def as unknown as JobDefinition<unknown>);
  }

  subscribe<P>(event: EventHandle<P>, subscriber: JobDefinition<NoInfer<P>>): void {
    this.register(subscriber);
    this.subscriptions.add(event as EventHandle<unknown>, subscriber as unknown as JobDefinition<unknown>);
  }

  publish<P>(event: EventHandle<P>, payload: NoInfer<P>): Promise<void> {
    return this.subscriptions.publish(this, event as EventHandle<unknown>, payload);
  }

  async enqueue<P>(job: JobHandle<P>, payload: NoInfer<P>, opts: EnqueueOptions = {}): Promise<string> {
    if (this.closed) throw new AppError('service_unavailable', 'The job queue is closed');
    const name = job.name;
    const def = this.definition(name);
    const data = def.validate ? def.validate(payload) : payload;
    const key = opts.jobId ?? def.key?.(data);
    const dedupKey = key === undefined ? undefined : `${name}\0${key}`;
    const existing = dedupKey === undefined ? undefined : this.activeKeys.get(dedupKey);
    if (existing !== undefined) return existing;

    const entry: Entry = {
      id: key ?? String(++this.seq),
      name,
      payload: data,
      dedupKey,
      attempts: 0,
      progress: undefined,
    };
    if (dedupKey !== undefined) this.activeKeys.set(dedupKey, entry.id);
    if (opts.delayMs && opts.delayMs > 0) this.later(opts.delayMs, entry);
    else this.push(entry);
    return entry.id;
  }

  async schedule<P>(job: JobHandle<P>, payload: NoInfer<P>, opts: RepeatOptions): Promise<void> {
    // Refused here too so a schedule id that works in development cannot fail under bull.
    if (opts.id.includes(':'))
      throw new AppError('internal', `Schedule id "${opts.id}" must not contain ":"`);
    const name = job.name;
    const def = this.definition(name);
    const data = def.validate ? def.validate(payload) : payload;
    const tz = opts.tz ?? 'UTC';
    nextRun(opts.cron, tz); // throws on an invalid expression before anything is replaced
    const old = this.schedules.get(opts.id);
    if (old && old.name === name && old.cron === opts.cron && old.tz === tz) {
      old.payload = data;
      return;
    }
    if (old?.timer) clearTimeout(old.timer);
    const schedule: Schedule = { id: opts.id, name, payload: data, cron: opts.cron, tz, timer: undefined };
    this.schedules.set(opts.id, schedule);
    if (this.started && !this.closed) this.arm(schedule);
  }

  async listSchedules(): Promise<Array<{ id: string; name: string; cron: string; next: string | null }>> {
    return [...this.schedules.values()].map((s) => ({
      id: s.id,
      name: s.name,
      cron: s.cron,
      next: nextRun(s.cron, s.tz).toISOString(),
    }));
  }

  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    for (const schedule of this.schedules.values()) this.arm(schedule);
    this.queuePump();
  }

  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    if (!this.started)
      return Promise.reject(new AppError('illegal_state', 'drain() before start() would wait forever'));
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.pendingTimers) clearTimeout(timer);
    this.pendingTimers.clear();
    for (const schedule of this.schedules.values()) if (schedule.timer) clearTimeout(schedule.timer);
    await Promise.all(this.running);
    const dropped = [...this.ready.values()].reduce((n, list) => n + list.length, 0);
    if (dropped > 0) this.logger.warn({ dropped }, 'in-process job queue closed with jobs still waiting');
    this.ready.clear();
    this.activeKeys.clear();
    this.notifyIdle();
  }

  /** The last finished jobs, oldest first (for tests and the admin view). */
  recentJobs(): readonly FinishedJob[] {
    return this.history;
  }

  private definition(name: string): JobDefinition<unknown> {
    const def = this.defs.get(name);
    if (!def) throw new AppError('internal', `Job "${name}" is not registered`);
    return def;
  }

  private push(entry: Entry): void {
    const list = this.ready.get(entry.name);
    if (list) list.push(entry);
    else this.ready.set(entry.name, [entry]);
    this.queuePump();
  }

  /** Referenced timer on purpose: a delayed job is real work that should keep a script alive. */
  private later(delayMs: number, entry: Entry): void {
    const timer = setTimeout(() => {
      this.pendingTimers.delete(timer);
      this.push(entry);
    }, delayMs);
    this.pendingTimers.add(timer);
  }

  /** Callers enqueue right after a commit and expect to return first, so jobs never run inline. */
  private queuePump(): void {
    if (!this.started || this.closed || this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return;
    for (const [name, list] of this.ready) {
      if (this.busy.has(name)) continue;
      const entry = list.shift();
      if (list.length === 0) this.ready.delete(name);
      if (!entry) continue;
      this.busy.add(name);
      const run = this.run(entry).finally(() => {
        this.busy.delete(name);
        this.running.delete(run);
        this.queuePump();
        if (this.isIdle()) this.notifyIdle();
      });
      this.running.add(run);
    }
  }

  private async run(entry: Entry): Promise<void> {
    const def = this.definition(entry.name);
    entry.attempts += 1;
    const ctx = {
      jobId: entry.id,
      attempt: entry.attempts,
      progress: async (value: unknown) => {
        entry.progress = value;
      },
    };
    try {
      await def.handle(entry.payload, ctx);
      this.finish(entry, 'completed');
    } catch (err) {
      const log = { job: entry.name, jobId: entry.id, attempt: entry.attempts, err: redactError(err) };
      if (entry.attempts < def.attempts && !this.closed) {
        this.logger.warn(log, 'job failed, will retry');
        this.later(backoffDelay(def, entry.attempts), entry);
      } else {
        const last = entry.attempts >= def.attempts;
        this.logger.error(
          log,
          last ? 'job failed after its last attempt' : 'job failed while the queue was closing; not retried',
        );
        this.finish(entry, 'failed');
      }
    }
  }

  private finish(entry: Entry, status: FinishedJob['status']): void {
    if (entry.dedupKey !== undefined) this.activeKeys.delete(entry.dedupKey);
    this.history.push({
      id: entry.id,
      name: entry.name,
      status,
      attempts: entry.attempts,
      progress: entry.progress,
      finishedAt: nowIso(),
    });
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
  }

  /** Unreferenced: a schedule alone must not keep the process alive. */
  private arm(schedule: Schedule): void {
    const at = nextRun(schedule.cron, schedule.tz).getTime();
    const tick = (): void => {
      const left = at - currentTime().getTime();
      if (left > 0) {
        schedule.timer = setTimeout(tick, Math.min(left, MAX_TIMER_MS)).unref();
        return;
      }
      // One id per run, as bull gives each repeat: a run still going does not swallow the next.
      this.enqueue(this.definition(schedule.name), schedule.payload, {
        jobId: `repeat:${schedule.id}:${at}`,
      }).catch((err: unknown) =>
        this.logger.error(
          { job: schedule.name, scheduleId: schedule.id, err: redactError(err) },
          'scheduled job could not be enqueued',
        ),
      );
      if (this.schedules.get(schedule.id) === schedule && !this.closed) this.arm(schedule);
    };
    tick();
  }

  private isIdle(): boolean {
    return this.ready.size === 0 && this.busy.size === 0 && this.pendingTimers.size === 0;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function nextRun(cron: string, tz: string): Date {
  return CronExpressionParser.parse(cron, { tz, currentDate: currentTime() }).next().toDate();
}

/** Same arithmetic as bull's built-in strategies, so retries are spaced alike under both drivers. */
function backoffDelay(def: JobDefinition<unknown>, failures: number): number {
  if (def.backoff.type === 'fixed') return def.backoff.delayMs;
  return Math.round((2 ** failures - 1) * def.backoff.delayMs);
}
