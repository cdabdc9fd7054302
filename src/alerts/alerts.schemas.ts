import { S, Static } from '../shared/http/validation';
import { pageQuerySchema } from '../shared/http/pagination';
import { ALERT_KINDS } from './alerts.engine';

export const inboxQuery = S.object({ ...pageQuerySchema, unread: S.enum(['true', 'false'] as const) });
export type InboxQuery = Static<typeof inboxQuery>;

export const inboxIdParams = S.object({ id: S.id }, ['id']);

export const inboxItemSchema = S.object({
  id: S.id,
  kind: {
    enum: [...ALERT_KINDS],
    description: 'due_soon, due_today, overdue or slipped (other issues add kinds)',
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
