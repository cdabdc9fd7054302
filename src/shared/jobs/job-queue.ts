/**
 * One job-queue interface, two drivers: bull on Redis (many workers, many machines) and
 * in-process (the embedded default and most tests). Jobs are defined once with defineJob and
 * carry ids, not objects; handlers must be idempotent because bull delivers at least once.
 */
export interface JobDefinition<P = unknown> {
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
  handle: (payload: P, ctx: JobContext) => Promise<void>;
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
  enqueue<P>(name: string, payload: P, opts?: EnqueueOptions): Promise<string>;
  /** Registers a repeatable job; idempotent by opts.id. A changed cron replaces the old one. */
  schedule<P>(name: string, payload: P, opts: RepeatOptions): Promise<void>;
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

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}
