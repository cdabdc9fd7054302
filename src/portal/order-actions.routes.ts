import { Router } from 'express';
import type { Deps } from '../deps';
import { cancelOrder, changeLine, changeStatus, type getOrder, type OrderStatus } from '../orders';
import type { Actor, Role } from '../shared/http/actor';
import {
  cancelForm,
  lineChangeForm,
  lineNoField,
  nextStatuses,
  statusChangeForm,
} from './order-action-forms';
import { idParam, PageKit } from './page-support';
import { statusWord } from './quote-views';

type OrderView = Awaited<ReturnType<typeof getOrder>>;

// The same roles as the API routes (orders.routes.ts): a page offers no one more than the API does.
const MOVERS: readonly Role[] = ['admin', 'account_manager', 'planner'];
const CANCELLERS: readonly Role[] = ['admin', 'account_manager', 'customer'];
const LINE_CHANGERS: readonly Role[] = ['admin', 'account_manager', 'planner', 'customer'];
// orders.service's CHANGEABLE: the statuses whose open lines may still change.
const CHANGEABLE: readonly OrderStatus[] = ['draft', 'confirmed', 'in_production', 'partially_shipped'];

/**
 * Which of the order page's forms this viewer gets. The service decides in the end (a customer's
 * cancel after production started is refused in its words); this only hides forms that cannot work.
 */
export function orderActionsView(o: OrderView, actor: Actor) {
  const status = o.status as OrderStatus;
  const moves = MOVERS.includes(actor.role) ? nextStatuses(status) : [];
  const openLines = o.lines.filter((l) => l.open);
  const cancellable =
    CANCELLERS.includes(actor.role) &&
    (actor.role === 'customer' ? ['draft', 'confirmed'] : ['draft', 'confirmed', 'in_production']).includes(
      status,
    );
  const lineChange =
    LINE_CHANGERS.includes(actor.role) && CHANGEABLE.includes(status) && openLines.length > 0;
  if (!moves.length && !cancellable && !lineChange) return null;
  return {
    moves: moves.map((s) => ({ value: s, label: statusWord(s) })),
    cancellable,
    changeLines: lineChange
      ? openLines.map((l) => ({ lineNo: l.lineNo, label: `Line ${l.lineNo}: ${l.sku}` }))
      : null,
  };
}

/** The order page's actions: each form calls the API's own use case and comes back to the order. */
export function orderActionRoutes(deps: Deps, { action }: Pick<PageKit, 'action'>): Router {
  const router = Router();
  const orderUrl = (req: Parameters<typeof idParam>[0]) => `/orders/${idParam(req)}`;

  router.post(
    '/orders/:id/status',
    ...action(MOVERS, orderUrl, async (c) => {
      const { status, reason } = statusChangeForm(c.req);
      const o = await changeStatus(deps, c.actor, idParam(c.req), status, reason);
      return { message: `Order ${o.number} is ${statusWord(o.status)} now` };
    }),
  );
  router.post(
    '/orders/:id/cancel',
    ...action(CANCELLERS, orderUrl, async (c) => {
      const o = await cancelOrder(deps, c.actor, idParam(c.req), cancelForm(c.req));
      return { message: `Order ${o.number} was cancelled; its reservations are released` };
    }),
  );
  router.post(
    '/orders/:id/lines',
    ...action(LINE_CHANGERS, orderUrl, async (c) => {
      const lineNo = lineNoField(c.req);
      const o = await changeLine(deps, c.actor, idParam(c.req), lineNo, lineChangeForm(c.req));
      const line = o.lines.find((l) => l.lineNo === lineNo);
      return {
        message: `Line ${lineNo} was changed and promised again: ${line?.confirmedDate ?? 'not yet confirmed'}`,
      };
    }),
  );
  return router;
}
