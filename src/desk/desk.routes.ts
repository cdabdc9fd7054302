import type { Deps } from '../deps';
import { type AnyRoute, defineRoute } from '../shared/http/route';
import { S } from '../shared/http/validation';
import {
  accountIdParams,
  createdFollowUpSchema,
  followUpIdParams,
  followUpSchema,
  interactionSchema,
  listFollowUpsQuery,
  type ListFollowUpsQuery,
  newFollowUpSchema,
  type NewFollowUp,
  newInteractionSchema,
  type NewInteraction,
} from './desk.schemas';
import * as service from './desk.service';

/** The manufacturer's people who talk to customers and plan their time. */
const STAFF = ['admin', 'account_manager', 'service', 'planner'] as const;
const TAG = 'Desk';
const itemsOf = (schema: Record<string, unknown>) => S.object({ items: S.array(schema) }, ['items']);

export function deskRoutes({ db }: Deps): AnyRoute[] {
  return [
    defineRoute<unknown, Record<string, never>, { id: string }>({
      method: 'get',
      path: '/api/accounts/:id/interactions',
      tag: TAG,
      summary:
        "The account's interactions, newest first; a customer sees only its own account's mails from us, never internal ones",
      access: 'any',
      params: accountIdParams,
      responses: { 200: { description: 'Interactions', schema: itemsOf(interactionSchema) } },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: { items: await service.listInteractions(db, actor!, params.id) },
      }),
    }),
    defineRoute<NewInteraction, Record<string, never>, { id: string }>({
      method: 'post',
      path: '/api/accounts/:id/interactions',
      tag: TAG,
      summary:
        'Log a call, visit, e-mail or meeting against an account (optionally a quote, order or case of it)',
      access: STAFF,
      params: accountIdParams,
      body: newInteractionSchema,
      responses: { 201: { description: 'The interaction', schema: interactionSchema } },
      handler: async ({ actor, params, body, req }) => ({
        status: 201,
        body: await service.logInteraction(db, actor!, params.id, body, req.id),
      }),
    }),
    defineRoute<NewFollowUp>({
      method: 'post',
      path: '/api/follow-ups',
      tag: TAG,
      summary:
        'Set a follow-up (owner: the caller unless named); answers the owner’s open follow-ups whose 30-minute slot overlaps it',
      access: STAFF,
      body: newFollowUpSchema,
      responses: { 201: { description: 'The follow-up and its collisions', schema: createdFollowUpSchema } },
      handler: async ({ actor, body, req }) => ({
        status: 201,
        body: await service.createFollowUp(db, actor!, body, req.id),
      }),
    }),
    defineRoute<unknown, ListFollowUpsQuery>({
      method: 'get',
      path: '/api/follow-ups',
      tag: TAG,
      summary: "The team's follow-ups due from one day to another (UTC days), by owner, account and status",
      access: STAFF,
      query: listFollowUpsQuery,
      responses: { 200: { description: 'Follow-ups, soonest first', schema: itemsOf(followUpSchema) } },
      handler: async ({ query }) => ({
        status: 200,
        body: { items: await service.listFollowUps(db, query) },
      }),
    }),
    defineRoute<unknown, Record<string, never>, { id: string }>({
      method: 'post',
      path: '/api/follow-ups/:id/done',
      tag: TAG,
      summary: 'Mark a follow-up done (its owner or an admin)',
      access: STAFF,
      params: followUpIdParams,
      responses: { 200: { description: 'The follow-up', schema: followUpSchema } },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await service.completeFollowUp(db, actor!, params.id),
      }),
    }),
  ];
}
