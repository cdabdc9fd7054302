import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { AnyRoute, defineRoute } from '../shared/http/route';
import { inboxIdParams, inboxItemSchema, inboxQuery } from './alerts.schemas';
import { listInbox, readInboxItem } from './alerts.service';

export function alertRoutes(deps: Deps): AnyRoute[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/inbox',
      tag: 'Inbox',
      summary:
        "The signed-in user's inbox, newest first: delivery alerts (due soon, due today, overdue, slipped); ?unread=true for unread only",
      access: 'any',
      query: inboxQuery,
      responses: { 200: { description: 'A page of inbox items', schema: pageOf(inboxItemSchema) } },
      handler: async ({ actor, query }) => ({ status: 200, body: await listInbox(db, actor!, query) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/inbox/:id/read',
      tag: 'Inbox',
      summary: 'Mark one of your inbox items read (reading it again keeps the first time)',
      access: 'any',
      params: inboxIdParams,
      responses: { 200: { description: 'The item', schema: inboxItemSchema } },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await readInboxItem(db, actor!, params.id),
      }),
    }),
  ];
}
