import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import type { Actor } from '../shared/http/actor';
import { AnyRoute, defineRoute } from '../shared/http/route';
import {
  cancelSchema,
  lineChangeSchema,
  lineParams,
  listOrdersQuery,
  newOrderSchema,
  orderIdParams,
  orderSchema,
  slipChoiceResultSchema,
  slipChoiceSchema,
  statusChangeSchema,
} from './orders.schemas';
import { chooseOnSlip } from './slip-choice';
import * as service from './orders.service';
import { takeOrder } from './take-order';

const TAKERS = ['admin', 'account_manager', 'customer'] as const;
const STAFF = ['admin', 'account_manager', 'planner'] as const;

/** Renders an order's confirmation PDF; quotes provides it (see app.ts). */
export type OrderConfirmationPdf = (
  db: Deps['db'],
  config: Deps['config'],
  actor: Actor,
  orderId: string,
) => Promise<{ number: string; pdf: Buffer }>;

export function orderRoutes(deps: Deps, orderConfirmationPdf: OrderConfirmationPdf): AnyRoute[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/api/orders',
      tag: 'Orders',
      summary:
        'Take an order: every line is checked against ATP and what is confirmed is reserved, atomically',
      access: TAKERS,
      body: newOrderSchema,
      responses: {
        201: {
          description:
            'The order, confirmed (every line has a date) or draft (some line could not be promised)',
          schema: orderSchema,
        },
      },
      handler: async ({ actor, body, req }) => ({
        status: 201,
        body: await takeOrder(deps, actor!, body, req.id),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/orders',
      tag: 'Orders',
      summary: "Orders, newest first (a customer sees only its own account's)",
      access: 'any',
      query: listOrdersQuery,
      responses: { 200: { description: 'A page of orders', schema: pageOf(orderSchema) } },
      handler: async ({ actor, query }) => ({
        status: 200,
        body: await service.listOrders(db, actor!, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/orders/:id',
      tag: 'Orders',
      summary: 'The order with its lines, current promises and promise history, shipments and status history',
      access: 'any',
      params: orderIdParams,
      responses: { 200: { description: 'The order', schema: orderSchema } },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await service.getOrder(db, actor!, params.id),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/orders/:id/status',
      tag: 'Orders',
      summary:
        'Move the order along (confirmed → in_production → partially_shipped → shipped → delivered); illegal moves answer 409',
      access: STAFF,
      params: orderIdParams,
      body: statusChangeSchema,
      responses: { 200: { description: 'The order', schema: orderSchema } },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await service.changeStatus(deps, actor!, params.id, body.status, body.reason),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/orders/:id/cancel',
      tag: 'Orders',
      summary: 'Cancel the order and release its reservations (a customer only before production)',
      access: [...TAKERS],
      params: orderIdParams,
      body: cancelSchema,
      responses: { 200: { description: 'The cancelled order', schema: orderSchema } },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await service.cancelOrder(deps, actor!, params.id, body.reason),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/orders/:id/lines/:lineNo',
      tag: 'Orders',
      summary:
        "Change a line's quantity or requested date: the line is promised again, and the ledger says who and why",
      access: ['admin', 'account_manager', 'planner', 'customer'],
      params: lineParams,
      body: lineChangeSchema,
      responses: { 200: { description: 'The order', schema: orderSchema } },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await service.changeLine(deps, actor!, params.id, Number(params.lineNo), body),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/orders/:id/lines/:lineNo/choice',
      tag: 'Orders',
      summary:
        "The customer's answer to a slipped line: wait for the new date, split (what can ship on the date promised before ships then, the rest on the new date) or cancel the line. 409 when the line has not slipped or was already answered since it slipped",
      access: TAKERS,
      params: lineParams,
      body: slipChoiceSchema,
      responses: { 200: { description: 'The line after the choice', schema: slipChoiceResultSchema } },
      handler: async ({ actor, params, body }) => ({
        status: 200,
        body: await chooseOnSlip(deps, actor!, params.id, Number(params.lineNo), body),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/orders/:id/confirmation.pdf',
      tag: 'Orders',
      summary:
        'The order confirmation as a PDF: every line with its confirmed date, and the negotiated terms',
      access: 'any',
      params: orderIdParams,
      responses: { 200: { description: 'The order confirmation', contentType: 'application/pdf' } },
      handler: async ({ actor, params, res }) => {
        const { number, pdf } = await orderConfirmationPdf(deps.db, deps.config, actor!, params.id);
        res
          .type('application/pdf')
          .setHeader('Content-Disposition', `inline; filename="${number}-confirmation.pdf"`);
        res.send(pdf);
      },
    }),
  ];
}
