export {
  ApprovalGivenMailJob,
  ApprovalRequestedMailJob,
  CounterOfferMailJob,
  FollowUpRemindersJob,
  FOLLOW_UP_REMINDERS_SCHEDULE_ID,
  registerNotificationJobs,
  OrderConfirmedMailJob,
  QuoteSentMailJob,
  RequestReceivedMailJob,
  scheduleNotificationJobs,
} from './notifications.jobs';
export { sendFollowUpReminders } from './staff-notices';
export { createMailTransport } from './mail.transport';
export type { MailTransport, OutgoingMail } from './mail.transport';
