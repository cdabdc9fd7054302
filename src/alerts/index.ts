export { alertRoutes } from './alerts.routes';
export { registerAlertJobs, scheduleAlertJobs, HourlyAlertsJob } from './alerts.jobs';
export { checkDeliveryAlerts, describeAlert, listInbox, readInboxItem, unreadCount } from './alerts.service';
export type { InboxItem } from './alerts.service';
export { ALERT_KINDS, type AlertKind } from './alerts.engine';
