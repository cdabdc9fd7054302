import type { Deps } from '../deps';
import { DeliveryAlerted, OrderConfirmed, QuoteSent } from '../shared/events';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob, type JobDefinition } from '../shared/jobs';
import { createMailTransport } from './mail.transport';
import { sendDeliveryAlertMails, sendOrderConfirmedMail, sendQuoteSentMail } from './notifications.service';

interface QuoteSentPayload {
  quoteId: string;
  revision: number;
}
interface OrderConfirmedPayload {
  orderId: string;
}

/** Six tries over about half an hour (30 s, 1.5 min, 3.5 min, 7.5 min, 15.5 min): an SMTP outage of that length loses nothing. */
const RETRY: Pick<JobDefinition, 'attempts' | 'backoff'> = {
  attempts: 6,
  backoff: { type: 'exponential', delayMs: 30_000 },
};

export const QuoteSentMailJob = defineJob<QuoteSentPayload>({
  name: 'notifications.quote-sent',
  ...RETRY,
  key: (p) => `quote-sent-${p.quoteId}-${p.revision}`,
  validate: compileValidator<QuoteSentPayload>(
    S.object({ quoteId: S.id, revision: { type: 'integer', minimum: 1, maximum: 100_000 } }, [
      'quoteId',
      'revision',
    ]),
    'Job payload is invalid',
  ),
});

export const OrderConfirmedMailJob = defineJob<OrderConfirmedPayload>({
  name: 'notifications.order-confirmed',
  ...RETRY,
  key: (p) => `order-confirmed-${p.orderId}`,
  validate: compileValidator<OrderConfirmedPayload>(
    S.object({ orderId: S.id }, ['orderId']),
    'Job payload is invalid',
  ),
});

export const DeliveryAlertMailJob = defineJob<{ alertId: string }>({
  name: 'notifications.delivery-alert',
  ...RETRY,
  key: (p) => `delivery-alert-${p.alertId}`,
  validate: compileValidator<{ alertId: string }>(
    S.object({ alertId: S.id }, ['alertId']),
    'Job payload is invalid',
  ),
});

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
  const backoff = opts.backoff ?? RETRY.backoff;
  return [
    {
      ...handleJob(QuoteSentMailJob, ({ quoteId, revision }) =>
        sendQuoteSentMail(deps, transport, quoteId, revision),
      ),
      backoff,
    },
    {
      ...handleJob(OrderConfirmedMailJob, ({ orderId }) => sendOrderConfirmedMail(deps, transport, orderId)),
      backoff,
    },
  ];
}

/** The customer hears of a sent quote and of a confirmed order, each mail a job of its own. */
export function registerNotificationJobs(deps: Deps, opts: NotificationJobOptions = {}): void {
  const [quoteSent, orderConfirmed] = notificationJobs(deps, {
    backoff: { type: 'exponential', delayMs: deps.config.mailRetryDelaySeconds * 1000 },
    ...opts,
  });
  deps.jobs.subscribe(QuoteSent, quoteSent);
  deps.jobs.subscribe(OrderConfirmed, orderConfirmed);
  const transport = createMailTransport(deps.config);
  deps.jobs.subscribe(DeliveryAlerted, {
    ...handleJob(DeliveryAlertMailJob, ({ alertId }) => sendDeliveryAlertMails(deps, transport, alertId)),
    backoff: opts.backoff ?? RETRY.backoff,
  });
}
