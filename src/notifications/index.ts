export {
  notifyOrderConfirmed,
  notifyQuoteSent,
  registerNotificationJobs,
  ORDER_CONFIRMED_JOB,
  QUOTE_SENT_JOB,
} from './notifications.jobs';
