export { alertRoutes } from './alerts.routes';
export { registerAlertJobs, scheduleAlertJobs, HourlyAlertsJob } from './alerts.jobs';
export {
  addNoticeToInboxes,
  checkDeliveryAlerts,
  describeAlert,
  listInbox,
  markInboxReadBefore,
  readInboxItem,
  unreadCount,
} from './alerts.service';
export { NOTICE_KINDS, type NoticeKind } from './alerts.schemas';
export type { InboxItem } from './alerts.service';
export { ALERT_KINDS, type AlertKind } from './alerts.engine';
