import type { Knex } from 'knex';
import { AppError } from '../errors';
import { redactError, type Logger } from '../logger';
import type { EventHandle, JobDefinition, JobHandle, JobQueue } from './job-queue';

/** Publishing inside a transaction: the event is only held until the transaction commits. */
export type Publish = <P>(event: EventHandle<P>, payload: NoInfer<P>) => void;

/** What publishing after a commit needs; Deps has it. */
export interface EventContext {
  db: Knex;
  jobs: JobQueue;
  logger: Logger;
}

/**
 * Which jobs listen to which event, for one queue. Both drivers keep one, filled by subscribe()
 * at registration, which the web server and the worker both run, so either can publish.
 */
export class Subscriptions {
  private readonly byEvent = new Map<string, Array<JobHandle<unknown>>>();

  add(event: EventHandle<unknown>, subscriber: JobDefinition<unknown>): void {
    const list = this.byEvent.get(event.event) ?? [];
    // Registering twice (tests, restarts) must not deliver twice.
    if (!list.some((s) => s.name === subscriber.name)) list.push(subscriber);
    this.byEvent.set(event.event, list);
  }

  /** Enqueues the payload for every subscriber; tries them all before reporting any failure. */
  async publish(jobs: JobQueue, event: EventHandle<unknown>, payload: unknown): Promise<void> {
    const failed: string[] = [];
    let first: unknown;
    for (const subscriber of this.byEvent.get(event.event) ?? []) {
      try {
        await jobs.enqueue(subscriber, payload);
      } catch (err) {
        failed.push(subscriber.name);
        first ??= err;
      }
    }
    if (failed.length)
      throw new AppError(
        'internal',
        `Event ${event.event} could not be enqueued for ${failed.join(', ')}: ${redactError(first).message}`,
      );
  }
}

/**
 * Events published after a commit are side effects of a change that stands: failing the request
 * now would invite the client to repeat it. So they never throw; the log names the event and
 * its payload (ids only) so the work can be queued again.
 */
export async function publishAfterCommit<P>(
  ctx: Pick<EventContext, 'jobs' | 'logger'>,
  event: EventHandle<P>,
  payload: NoInfer<P>,
): Promise<void> {
  await ctx.jobs.publish(event, payload).catch((err: unknown) => {
    ctx.logger.error({ event: event.event, payload, err: redactError(err) }, 'event could not be published');
  });
}

/**
 * The events of one unit of work, held until its transaction has committed. Knex has no
 * after-commit hook, so whoever opens the transaction flushes them once it resolves; a
 * transaction that rolls back drops them unseen.
 */
export class PendingEvents {
  private readonly held: Array<{ event: EventHandle<unknown>; payload: unknown }> = [];

  readonly publish: Publish = (event, payload) => {
    this.held.push({ event: event as EventHandle<unknown>, payload });
  };

  async flush(ctx: Pick<EventContext, 'jobs' | 'logger'>): Promise<void> {
    for (const { event, payload } of this.held.splice(0)) await publishAfterCommit(ctx, event, payload);
  }
}

/**
 * Runs `work` in one transaction and publishes what it published only after the commit: an
 * event of a rolled-back transaction is never seen, and a failed publish never fails the work.
 */
export async function inTransaction<T>(
  ctx: EventContext,
  work: (trx: Knex.Transaction, publish: Publish) => Promise<T>,
): Promise<T> {
  const pending = new PendingEvents();
  const result = await ctx.db.transaction((trx) => work(trx, pending.publish));
  await pending.flush(ctx);
  return result;
}
