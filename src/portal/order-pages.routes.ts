import { Router } from 'express';
import { listAccounts } from '../accounts';
import { listSites } from '../catalog';
import type { Deps } from '../deps';
import { ORDER_STATUSES, OrderStatus, getOrder, listOrders, takeOrder } from '../orders';
import { todayIso } from '../shared/time';
import { orderActionsView } from './order-actions.routes';
import { ORDER_FORM_LINES, orderForm, TypedOrder, typedOrder } from './order-forms';
import { Flash, idParam, PageContext, PageKit, queryText, STAFF } from './page-support';
import { lineTimelines, milestoneWord } from './order-timeline';
import { money, orderPage, statusWord, when } from './quote-views';

/**
 * Order entry by an account manager: the same intake as POST /api/orders (every line checked and
 * reserved in one transaction), then the order's page with its confirmed dates. A line can come
 * filled in from the availability page.
 */
function newOrderRoutes(
  deps: Deps,
  router: Router,
  { view, action }: Pick<PageKit, 'view' | 'action'>,
): void {
  /** The form, empty, with a line from the availability page, or as it was sent and refused. */
  const showForm = async (c: PageContext, typed: TypedOrder, refusal?: Flash) => {
    const accounts = (await listAccounts(deps.db, c.actor, { limit: '200' })).items.filter((a) => a.active);
    c.render(
      'order-new',
      'New order',
      {
        accounts: accounts.map((a) => ({ ...a, selected: a.id === typed.accountId })),
        sites: (await listSites(deps.db)).map((s) => ({ ...s, selected: s.siteCode === typed.site })),
        rows: typed.lines.map((l, i) => ({ i, n: i + 1, ...l })),
        customerPo: typed.customerPo,
        shipComplete: typed.shipComplete,
        today: todayIso(),
        ...(refusal && { flash: refusal }),
      },
      refusal ? 422 : 200,
    );
  };
  // Before /orders/:id, so "new" is not taken for an id.
  router.get(
    '/orders/new',
    view(STAFF, async (c) => {
      const first = {
        sku: queryText(c.req, 'sku', 40),
        quantity: queryText(c.req, 'quantity', 20),
        requestedDate: queryText(c.req, 'requestedDate', 10),
      };
      const lines = Array.from({ length: ORDER_FORM_LINES }, (_v, i) => (i === 0 ? first : {}));
      await showForm(c, {
        site: queryText(c.req, 'site', 20),
        shipComplete: queryText(c.req, 'shipComplete', 3) === 'on',
        lines,
      });
    }),
  );
  router.post(
    '/orders',
    ...action(
      STAFF,
      () => '/orders/new',
      async (c) => {
        const order = await takeOrder(deps, c.actor, orderForm(c.req), c.req.id);
        const dated = order.lines.filter((l) => l.confirmedDate !== null).length;
        return {
          to: `/orders/${order.id}`,
          message: `Order ${order.number} was taken: ${dated} of ${order.lines.length} lines confirmed`,
        };
      },
      (c, refusal) => showForm(c, typedOrder(c.req), refusal),
    ),
  );
}

/** The order a quote became (customers: only their own account's; getOrder scopes it). */
export function orderPageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const router = Router();
  newOrderRoutes(deps, router, { view, action });
  router.get(
    '/orders',
    view(['admin', 'account_manager', 'planner', 'service', 'customer'], async (c) => {
      const wanted = queryText(c.req, 'status', 30);
      const status = ORDER_STATUSES.find((s) => s === wanted) as OrderStatus | undefined;
      const cursor = queryText(c.req, 'cursor');
      const search = queryText(c.req, 'q', 60);
      const page = await listOrders(deps.db, c.actor, {
        ...(status && { status }),
        ...(cursor && { cursor }),
        ...(search && { q: search }),
      });
      const orders = await Promise.all(
        page.items.map(async (o) => ({
          ...o,
          statusText: statusWord(o.status),
          customerName: await c.accountName(o.accountId),
          createdAt: when(o.createdAt),
          totalText: o.total === null ? '—' : money(o.total, o.currency ?? 'EUR'),
          milestoneText: milestoneWord(o.milestone),
          promisedText: o.promisedDate ?? '—',
        })),
      );
      c.render('orders', 'Orders', {
        orders,
        next:
          page.nextCursor &&
          `/orders?${new URLSearchParams({ ...(status && { status }), ...(search && { q: search }), cursor: page.nextCursor }).toString()}`,
        filtered: Boolean(status || search),
        search,
        statuses: ORDER_STATUSES.map((s) => ({ value: s, label: statusWord(s), selected: s === status })),
      });
    }),
  );
  router.get(
    '/orders/:id',
    view(['admin', 'account_manager', 'planner', 'service', 'customer'], async (c) => {
      const o = await getOrder(deps.db, c.actor, idParam(c.req));
      // The promise history names ERP orders and who changed what: for the manufacturer's people.
      c.render('order', `Order ${o.number}`, {
        ...orderPage(o, await c.accountName(o.accountId)),
        statusText: statusWord(o.status),
        timeline: lineTimelines(o),
        showHistory: c.actor.role !== 'customer',
        isCustomer: c.actor.role === 'customer',
        actions: orderActionsView(o, c.actor),
        today: todayIso(),
      });
    }),
  );
  return router;
}
