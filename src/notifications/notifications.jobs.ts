import type { Deps } from '../deps';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, type JobDefinition } from '../shared/jobs/job-queue';
import { redactError } from '../shared/logger';
import { createMailTransport } from './mail.transport';
import { sendOrderConfirmedMail, sendQuoteSentMail } from './notifications.service';

export const QUOTE_SENT_JOB = 'notifications.quote-sent';
export const ORDER_CONFIRMED_JOB = 'notifications.order-confirmed';

interface QuoteSentPayload {
  quoteId: string;
  revision: number;
}
interface OrderConfirmedPayload {
  orderId: string;
}

const quoteSentPayload = compileValidator<QuoteSentPayload>(
  S.object({ quoteId: S.id, revision: { type: 'integer', minimum: 1, maximum: 100_000 } }, [
    'quoteId',
    'revision',
  ]),
  'Job payload is invalid',
);
const orderConfirmedPayload = compileValidator<OrderConfirmedPayload>(
  S.object({ orderId: S.id }, ['orderId']),
  'Job payload is invalid',
);

/** Six tries over about half an hour (30 s, 1.5 min, 3.5 min, 7.5 min, 15.5 min): an SMTP outage of that length loses nothing. */
const RETRY: Pick<JobDefinition, 'attempts' | 'backoff'> = {
  attempts: 6,
  backoff: { type: 'exponential', delayMs: 30_000 },
};

export interface NotificationJobOptions {
  /** Tests shorten it; production keeps RETRY's. */
  backoff?: JobDefinition['backoff'];
}

/** The definitions, on one transport made from the settings; exported so tests can run them on a queue of their own. */
export function notificationJobs(
  deps: Deps,
  opts: NotificationJobOptions = {},
): [JobDefinition<QuoteSentPayload>, JobDefinition<OrderConfirmedPayload>] {
  const transport = createMailTransport(deps.config);
  const retry = { attempts: RETRY.attempts, backoff: opts.backoff ?? RETRY.backoff };
  return [
    defineJob<QuoteSentPayload>({
      name: QUOTE_SENT_JOB,
      ...retry,
      key: (p) => `quote-sent-${p.quoteId}-${p.revision}`,
      validate: quoteSentPayload,
      handle: ({ quoteId, revision }) => sendQuoteSentMail(deps, transport, quoteId, revision),
    }),
    defineJob<OrderConfirmedPayload>({
      name: ORDER_CONFIRMED_JOB,
      ...retry,
      key: (p) => `order-confirmed-${p.orderId}`,
      validate: orderConfirmedPayload,
      handle: ({ orderId }) => sendOrderConfirmedMail(deps, transport, orderId),
    }),
  ];
}

export function registerNotificationJobs(deps: Deps): void {
  const [quoteSent, orderConfirmed] = notificationJobs(deps, {
    backoff: { type: 'exponential', delayMs: deps.config.mailRetryDelaySeconds * 1000 },
  });
  deps.jobs.register(quoteSent);
  deps.jobs.register(orderConfirmed);
}

/**
 * Called after the commit of "send quote". Never throws: the quote is sent and failing the
 * request now would invite the user to send it again; a notification that could not be queued
 * is logged with its ids so it can be queued again.
 */
export async function notifyQuoteSent(deps: Deps, quoteId: string, revision: number): Promise<void> {
  await deps.jobs.enqueue<QuoteSentPayload>(QUOTE_SENT_JOB, { quoteId, revision }).catch((err: unknown) => {
    deps.logger.error(
      { quoteId, revision, err: redactError(err) },
      'quote-sent notification could not be enqueued',
    );
  });
}

/** Called after the commit that confirmed an order; never throws, as notifyQuoteSent. */
export async function notifyOrderConfirmed(deps: Deps, orderId: string): Promise<void> {
  await deps.jobs.enqueue<OrderConfirmedPayload>(ORDER_CONFIRMED_JOB, { orderId }).catch((err: unknown) => {
    deps.logger.error(
      { orderId, err: redactError(err) },
      'order-confirmed notification could not be enqueued',
    );
  });
}
