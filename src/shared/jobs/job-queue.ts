/**
 * One job-queue interface, two drivers: bull on Redis (many workers, many machines) and
 * in-process (the embedded default and most tests). Jobs are defined once with defineJob and
 * carry ids, not objects; handlers must be idempotent because bull delivers at least once.
 */

/** Never set: it only lets the compiler carry a handle's payload type to enqueue and publish. */
declare const payloadType: unique symbol;

/**
 * What a producer needs to enqueue a job: its name, its retry policy and dedup key, and (for the
 * compiler) its payload type, so `enqueue(job, payload)` refuses a payload of another shape.
 */
export interface JobHandle<P> {
  name: string;
  /** Total tries including the first. */
  attempts: number;
  backoff: { type: 'fixed' | 'exponential'; delayMs: number };
  /**
   * Deduplication key: while a job with the same key is waiting or running, enqueueing another
   * is a no-op and returns the existing job's id.
   */
  key?: (payload: P) => string;
  /** Validates the payload (ajv); throws an AppError('validation_failed') when invalid. */
  validate?: (payload: unknown) => P;
  /** Invariant in P (a function both takes and gives it), so handles of other payloads never mix. */
  readonly [payloadType]?: (payload: P) => P;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

/** A handle with the work it does; what a queue registers and runs. */
export interface JobDefinition<P = unknown> extends JobHandle<P> {
  handle: JobHandler<P>;
}

/** An event is a name and a payload type; who listens is declared by the subscribers, not here. */
export interface EventHandle<P> {
  readonly event: string;
  readonly [payloadType]?: (payload: P) => P;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  /** Reports progress (0..100 or any JSON object) where the driver can keep it. */
  progress(value: unknown): Promise<void>;
}

export interface EnqueueOptions {
  delayMs?: number;
  /** Overrides the definition's key for this one call. */
  jobId?: string;
}

export interface RepeatOptions {
  /** Fixed id: registering the same id again (restarts, several workers) keeps one schedule. */
  id: string;
  cron: string;
  /** IANA time zone of the cron expression; default UTC. */
  tz?: string;
}

export interface JobQueue {
  readonly driver: 'bull' | 'in-process';
  /** Registers a definition; must be called before enqueue/schedule/start for that name. */
  register<P>(def: JobDefinition<P>): void;
  enqueue<P>(job: JobHandle<P>, payload: NoInfer<P>, opts?: EnqueueOptions): Promise<string>;
  /** Registers a repeatable job; idempotent by opts.id. A changed cron replaces the old one. */
  schedule<P>(job: JobHandle<P>, payload: NoInfer<P>, opts: RepeatOptions): Promise<void>;
  /**
   * Registers the subscriber as a job of its own and has every publication of the event enqueue
   * it: each subscriber retries and dedups alone, so one failing never re-runs another.
   */
  subscribe<P>(event: EventHandle<P>, subscriber: JobDefinition<NoInfer<P>>): void;
  /**
   * Enqueues one job per subscriber of the event in this process's registry. Tries every
   * subscriber, then throws if any enqueue failed. Services publish through inTransaction (or
   * publishAfterCommit), never straight from inside a transaction.
   */
  publish<P>(event: EventHandle<P>, payload: NoInfer<P>): Promise<void>;
  /** Lists the repeatable schedules currently registered (for tests and the admin view). */
  listSchedules(): Promise<Array<{ id: string; name: string; cron: string; next: string | null }>>;
  /** Starts processing jobs in this process (server without Redis, or the worker). */
  start(): Promise<void>;
  /** Waits until no job is waiting or running (in-process driver; bull: best effort for tests). */
  drain(): Promise<void>;
  /** Reachability for /health. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Defines a job once. With `handle` it is a definition to register; without, a handle that
 * producers import to enqueue, bound to its work at registration with `handleJob`.
 */
export function defineJob<P>(def: Omit<JobDefinition<P>, typeof payloadType>): JobDefinition<P>;
export function defineJob<P>(def: Omit<JobHandle<P>, typeof payloadType>): JobHandle<P>;
export function defineJob<P>(def: JobHandle<P>): JobHandle<P> {
  return def;
}

/** Binds a handle to its work (usually a closure over the process's deps) for register/subscribe. */
export function handleJob<P>(job: JobHandle<P>, handle: JobHandler<P>): JobDefinition<P> {
  return { ...job, handle };
}

export function defineEvent<P>(event: string): EventHandle<P> {
  return { event };
}
