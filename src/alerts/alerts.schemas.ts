import { S, Static } from '../shared/http/validation';
import { pageQuerySchema } from '../shared/http/pagination';
import { ALERT_KINDS } from './alerts.engine';

/** Inbox items that are not delivery alerts: the staff notices of the desks (issue 16), at most 16 characters. */
export const NOTICE_KINDS = [
  'quote_request',
  'counter_offer',
  'approval_asked',
  'approved',
  'follow_up_due',
  'sla_warning',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const inboxQuery = S.object({ ...pageQuerySchema, unread: S.enum(['true', 'false'] as const) });
export type InboxQuery = Static<typeof inboxQuery>;

export const inboxIdParams = S.object({ id: S.id }, ['id']);

export const inboxItemSchema = S.object({
  id: S.id,
  kind: {
    enum: [...ALERT_KINDS, ...NOTICE_KINDS],
    description:
      'delivery alerts: due_soon, due_today, overdue or slipped; staff notices: quote_request, counter_offer, approval_asked, approved, follow_up_due, sla_warning',
  },
  subject: { type: 'string' },
  link: {
    type: 'string',
    description: 'the page the item is about (a slipped line: its choice page, for a buyer)',
  },
  orderId: { type: ['string', 'null'] },
  lineNo: { type: ['integer', 'null'] },
  createdAt: { type: 'string' },
  readAt: { type: ['string', 'null'] },
});
