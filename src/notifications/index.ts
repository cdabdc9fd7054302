export { registerNotificationJobs, OrderConfirmedMailJob, QuoteSentMailJob } from './notifications.jobs';
