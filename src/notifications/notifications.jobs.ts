import type { Deps } from '../deps';
import {
  CounterOfferReceived,
  DeliveryAlerted,
  OrderConfirmed,
  QuoteApprovalRequested,
  QuoteApproved,
  QuoteRequestReceived,
  QuoteSent,
  SlaWarned,
} from '../shared/events';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob, type JobDefinition } from '../shared/jobs';
import { sendSlaWarningMail } from './case-notices';
import { createMailTransport } from './mail.transport';
import { sendDeliveryAlertMails, sendOrderConfirmedMail, sendQuoteSentMail } from './notifications.service';
import {
  sendApprovalGivenMail,
  sendApprovalRequestedMail,
  sendCounterOfferMail,
  sendFollowUpReminders,
  sendRequestReceivedMail,
} from './staff-notices';

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

const quoteRevision = S.object(
  { quoteId: S.id, revision: { type: 'integer', minimum: 1, maximum: 100_000 } },
  ['quoteId', 'revision'],
);
type QuoteRevisionPayload = { quoteId: string; revision: number };

export const RequestReceivedMailJob = defineJob<{ quoteRequestId: string }>({
  name: 'notifications.request-received',
  ...RETRY,
  key: (p) => `request-received-${p.quoteRequestId}`,
  validate: compileValidator<{ quoteRequestId: string }>(
    S.object({ quoteRequestId: S.id }, ['quoteRequestId']),
    'Job payload is invalid',
  ),
});

export const CounterOfferMailJob = defineJob<{ quoteId: string; revision: number; at: string }>({
  name: 'notifications.counter-offer',
  ...RETRY,
  key: (p) => `counter-offer-${p.quoteId}-${p.revision}-${p.at}`,
  validate: compileValidator<{ quoteId: string; revision: number; at: string }>(
    S.object(
      {
        quoteId: S.id,
        revision: { type: 'integer', minimum: 1, maximum: 100_000 },
        at: S.string({ format: 'date-time', maxLength: 40 }),
      },
      ['quoteId', 'revision', 'at'],
    ),
    'Job payload is invalid',
  ),
});

export const ApprovalRequestedMailJob = defineJob<QuoteRevisionPayload>({
  name: 'notifications.approval-requested',
  ...RETRY,
  key: (p) => `approval-requested-${p.quoteId}-${p.revision}`,
  validate: compileValidator<QuoteRevisionPayload>(quoteRevision, 'Job payload is invalid'),
});

export const ApprovalGivenMailJob = defineJob<QuoteRevisionPayload>({
  name: 'notifications.approval-given',
  ...RETRY,
  key: (p) => `approval-given-${p.quoteId}-${p.revision}`,
  validate: compileValidator<QuoteRevisionPayload>(quoteRevision, 'Job payload is invalid'),
});

type SlaWarningPayload = { caseId: string; clock: 'first_response' | 'resolution' };
export const SlaWarningMailJob = defineJob<SlaWarningPayload>({
  name: 'notifications.sla-warning',
  ...RETRY,
  key: (p) => `sla-warning-${p.caseId}-${p.clock}`,
  validate: compileValidator<SlaWarningPayload>(
    S.object({ caseId: S.id, clock: { enum: ['first_response', 'resolution'] } }, ['caseId', 'clock']),
    'Job payload is invalid',
  ),
});

export const FollowUpRemindersJob = defineJob<Record<string, never>>({
  name: 'notifications.follow-up-reminders',
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 60_000 },
  validate: compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid'),
});
/** Fixed id: restarts and many workers keep exactly one schedule. */
export const FOLLOW_UP_REMINDERS_SCHEDULE_ID = 'notifications-follow-up-reminders';
/** Every five minutes: a reminder arrives at most five minutes after its follow-up fell due. */
const FOLLOW_UP_REMINDERS_CRON = '*/5 * * * *';

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
  registerStaffNoticeJobs(deps, {
    backoff: { type: 'exponential', delayMs: deps.config.mailRetryDelaySeconds * 1000 },
    ...opts,
  });
}

/** The staff hear of requests, counter-offers and approvals, and of their follow-ups when due. */
function registerStaffNoticeJobs(deps: Deps, opts: Required<NotificationJobOptions>): void {
  const transport = createMailTransport(deps.config);
  const { backoff } = opts;
  deps.jobs.subscribe(QuoteRequestReceived, {
    ...handleJob(RequestReceivedMailJob, ({ quoteRequestId }) =>
      sendRequestReceivedMail(deps, transport, quoteRequestId),
    ),
    backoff,
  });
  deps.jobs.subscribe(CounterOfferReceived, {
    ...handleJob(CounterOfferMailJob, (p) => sendCounterOfferMail(deps, transport, p)),
    backoff,
  });
  deps.jobs.subscribe(QuoteApprovalRequested, {
    ...handleJob(ApprovalRequestedMailJob, (p) => sendApprovalRequestedMail(deps, transport, p)),
    backoff,
  });
  deps.jobs.subscribe(QuoteApproved, {
    ...handleJob(ApprovalGivenMailJob, (p) => sendApprovalGivenMail(deps, transport, p)),
    backoff,
  });
  deps.jobs.subscribe(SlaWarned, {
    ...handleJob(SlaWarningMailJob, (p) => sendSlaWarningMail(deps, transport, p)),
    backoff,
  });
  deps.jobs.register(
    handleJob(FollowUpRemindersJob, async () => {
      const n = await sendFollowUpReminders(deps, transport);
      if (n) deps.logger.info({ reminded: n }, 'follow-up reminders handled');
    }),
  );
}

export async function scheduleNotificationJobs(deps: Deps): Promise<void> {
  await deps.jobs.schedule(
    FollowUpRemindersJob,
    {},
    { id: FOLLOW_UP_REMINDERS_SCHEDULE_ID, cron: FOLLOW_UP_REMINDERS_CRON, tz: 'UTC' },
  );
}
