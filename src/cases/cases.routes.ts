import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { type AnyRoute, defineRoute } from '../shared/http/route';
import { S } from '../shared/http/validation';
import {
  type Assignment,
  assignSchema,
  caseDetailSchema,
  caseSummarySchema,
  type IdParams,
  idParams,
  type ListCasesQuery,
  listCasesQuery,
  type NewCase,
  newCaseSchema,
  type NewMessage,
  type NewRma,
  messageSchema,
  newRmaSchema,
  type SlaTargets,
  slaTargetsSchema,
  type StatusChange,
  statusSchema,
} from './cases.schemas';
import * as service from './cases.service';
import { listTriageMail, triageSchema } from './mail-intake.service';
import { authorizeRma } from './rma.service';
import { type BulkReassign, bulkReassignSchema, reassignAll } from './bulk-reassign';
import { getSlaTargets, putSlaTargets } from './sla-targets';

/** Who works cases; a customer user works its own account's. */
const STAFF = ['admin', 'account_manager', 'service'] as const;
const WITH_CUSTOMERS = [...STAFF, 'customer'] as const;
const TAG = 'Service cases';

export function caseRoutes(deps: Deps): AnyRoute[] {
  const detail = { description: 'The case with its timeline and RMAs', schema: caseDetailSchema };
  return [
    defineRoute<NewCase>({
      method: 'post',
      path: '/api/cases',
      tag: TAG,
      summary: 'Open a case (a customer for its own account); on an order line, its warranty is decided',
      access: WITH_CUSTOMERS,
      body: newCaseSchema,
      responses: { 201: detail },
      handler: async ({ actor, body }) => ({ status: 201, body: await service.openCase(deps, actor!, body) }),
    }),
    defineRoute<unknown, ListCasesQuery>({
      method: 'get',
      path: '/api/cases',
      tag: TAG,
      summary: 'The queue, most urgent first: priority, then the nearest SLA due time',
      access: WITH_CUSTOMERS,
      query: listCasesQuery,
      responses: { 200: { description: 'A page of cases', schema: pageOf(caseSummarySchema) } },
      handler: async ({ actor, query }) => ({
        status: 200,
        body: await service.listCases(deps, actor!, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/triage',
      tag: TAG,
      summary: 'E-mails no case took (a sender of no account, or of several), oldest first',
      access: STAFF,
      responses: { 200: { description: 'The triage list', schema: triageSchema } },
      handler: async () => ({ status: 200, body: await listTriageMail(deps) }),
    }),
    defineRoute<unknown, Record<string, never>, IdParams>({
      method: 'get',
      path: '/api/cases/:id',
      tag: TAG,
      summary: 'A case with its timeline, oldest first (customers never see internal notes), and its RMAs',
      access: WITH_CUSTOMERS,
      params: idParams,
      responses: { 200: detail },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await service.getCase(deps, actor!, params.id),
      }),
    }),
    defineRoute<NewMessage, Record<string, never>, IdParams>({
      method: 'post',
      path: '/api/cases/:id/messages',
      tag: TAG,
      summary:
        "Add a message (staff: public reply or internal note); a customer's reply reopens a case resolved within 14 days",
      access: WITH_CUSTOMERS,
      params: idParams,
      body: messageSchema,
      responses: { 201: detail },
      handler: async ({ actor, params, body }) => ({
        status: 201,
        body: await service.postMessage(deps, actor!, params.id, body),
      }),
    }),
    defineRoute<StatusChange, Record<string, never>, IdParams>({
      method: 'post',
      path: '/api/cases/:id/status',
      tag: TAG,
      summary: "Move the case along the contract's status flow (other moves answer 409)",
      access: STAFF,
      params: idParams,
      body: statusSchema,
      responses: { 200: detail },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await service.changeStatus(deps, actor!, params.id, body),
      }),
    }),
    defineRoute<Assignment, Record<string, never>, IdParams>({
      method: 'post',
      path: '/api/cases/:id/assign',
      tag: TAG,
      summary: 'Assign or reassign the case to a staff user',
      access: STAFF,
      params: idParams,
      body: assignSchema,
      responses: { 200: detail },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await service.assignCase(deps, actor!, params.id, body.userId),
      }),
    }),
    defineRoute<BulkReassign>({
      method: 'post',
      path: '/api/cases/reassign',
      tag: TAG,
      summary: 'Hand every unfinished case of one staff member (someone away) to another',
      access: ['admin', 'service'],
      body: bulkReassignSchema,
      responses: {
        200: {
          description: 'The cases moved',
          schema: S.object({ moved: { type: 'integer' }, caseIds: { type: 'array', items: S.id } }),
        },
      },
      handler: async ({ actor, body }) => ({ status: 200, body: await reassignAll(deps, actor!, body) }),
    }),
    defineRoute<NewRma, Record<string, never>, IdParams>({
      method: 'post',
      path: '/api/cases/:id/rma',
      tag: TAG,
      summary: 'Authorize a return (quantity at most what shipped less what was already authorized)',
      access: ['service', 'admin'],
      params: idParams,
      body: newRmaSchema,
      responses: {
        201: {
          description: 'The RMA number',
          schema: S.object({ rmaNumber: { type: 'string' } }, ['rmaNumber']),
        },
      },
      handler: async ({ actor, params, body }) => ({
        status: 201,
        body: await authorizeRma(deps, actor!, params.id, body),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sla-targets',
      tag: TAG,
      summary: 'SLA targets per priority, in business hours',
      access: STAFF,
      responses: { 200: { description: 'The targets', schema: slaTargetsSchema } },
      handler: async () => ({ status: 200, body: await getSlaTargets(deps.db) }),
    }),
    defineRoute<SlaTargets>({
      method: 'put',
      path: '/api/sla-targets',
      tag: TAG,
      summary: 'Change SLA targets (admins); cases keep the targets they were opened with',
      access: ['admin'],
      body: slaTargetsSchema,
      responses: { 200: { description: 'The targets', schema: slaTargetsSchema } },
      handler: async ({ actor, body, req }) => ({
        status: 200,
        body: await putSlaTargets(deps.db, actor!, body, req.id),
      }),
    }),
  ];
}
