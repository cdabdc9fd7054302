import { Router } from 'express';
import type { Deps } from '../deps';
import {
  assignableStaff,
  assignRequest,
  createQuote,
  REQUEST_STATUSES,
  createRequest,
  declineRequest,
  getRequest,
  listRequests,
  takeRequest,
} from '../quotes';
import { AppError } from '../shared/errors';
import { Flash, idParam, nextPageUrl, PageContext, PageKit, PARTIES, queryText, STAFF } from './page-support';
import { assignForm, REQUEST_FORM_LINES, reasonForm, requestForm, typedRequest } from './quote-forms';
import { qty, when } from './quote-views';

/** Quote requests: the customer asks, the account manager quotes it or declines it. */
export function requestPageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const { db } = deps;
  const router = Router();
  const requestUrl = (req: Parameters<typeof idParam>[0]) => `/quote-requests/${idParam(req)}`;

  router.get(
    '/quote-requests',
    view(PARTIES, async (c) => {
      const wanted = queryText(c.req, 'status', 30);
      const status = REQUEST_STATUSES.find((s) => s === wanted);
      const cursor = queryText(c.req, 'cursor');
      const page = await listRequests(db, c.actor, { ...(status && { status }), ...(cursor && { cursor }) });
      const requests = await Promise.all(
        page.items.map(async (r) => ({
          ...r,
          customerName: await c.accountName(r.accountId),
          createdAt: when(r.createdAt),
        })),
      );
      const next = nextPageUrl('/quote-requests', status, page.nextCursor);
      c.render('quote-requests', 'Quote requests', {
        requests,
        next,
        isCustomer: c.actor.role === 'customer',
        statuses: REQUEST_STATUSES.map((s) => ({ value: s, label: s, selected: s === status })),
      });
    }),
  );

  // Before /:id, so "new" is not taken for an id.
  /** The form, empty, or as it was sent and refused (nothing typed is lost). */
  const showRequestForm = (c: PageContext, typed?: ReturnType<typeof typedRequest>, refusal?: Flash) => {
    const rows = Array.from({ length: REQUEST_FORM_LINES }, (_v, i) => ({ i, n: i + 1, ...typed?.lines[i] }));
    c.render(
      'quote-request-new',
      'Ask for a quotation',
      { rows, notes: typed?.notes, ...(refusal && { flash: refusal }) },
      refusal ? 422 : 200,
    );
  };
  router.get(
    '/quote-requests/new',
    view(['customer'], async (c) => showRequestForm(c)),
  );

  router.post(
    '/quote-requests',
    ...action(
      ['customer'],
      () => '/quote-requests/new',
      async (c) => {
        if (!c.actor.accountId) throw new AppError('forbidden', 'This customer user has no account');
        const r = await createRequest(deps, c.actor, requestForm(c.req, c.actor.accountId), c.req.id);
        return {
          to: `/quote-requests/${r.id}`,
          // Nobody assigned: every account manager heard of it (staff notices), so say so.
          message:
            r.assignedTo === null
              ? `Request ${r.number} was sent to our account managers`
              : `Request ${r.number} was sent to your account manager`,
        };
      },
      async (c, refusal) => showRequestForm(c, typedRequest(c.req), refusal),
    ),
  );

  router.get(
    '/quote-requests/:id',
    view(PARTIES, async (c) => {
      const r = await getRequest(db, c.actor, idParam(c.req));
      const lines = (r.lines ?? []).map((l) => ({ ...l, quantityText: qty(l.quantity) }));
      c.render('quote-request', `Request ${r.number}`, {
        request: { ...r, customerName: await c.accountName(r.accountId), createdAt: when(r.createdAt) },
        lines,
        canQuote: c.isStaff && r.status !== 'declined',
        canTake: c.isStaff && r.status === 'open' && r.assignedTo === null,
        canDecline: c.isStaff && r.status === 'open',
        assignees:
          c.isStaff && r.status === 'open'
            ? (await assignableStaff(db)).map((u) => ({ ...u, selected: u.id === r.assignedTo }))
            : null,
      });
    }),
  );

  router.post(
    '/quote-requests/:id/quote',
    ...action(STAFF, requestUrl, async (c) => {
      const r = await getRequest(db, c.actor, idParam(c.req));
      const q = await createQuote(deps, c.actor, { accountId: r.accountId, quoteRequestId: r.id }, c.req.id);
      return { to: `/quotes/${q.id}`, message: `Quote ${q.number} was drafted from request ${r.number}` };
    }),
  );

  // Taking a request nobody has: it becomes the taker's (and leaves the other managers' queues).
  router.post(
    '/quote-requests/:id/take',
    ...action(STAFF, requestUrl, async (c) => {
      const r = await takeRequest(db, c.actor, idParam(c.req));
      return { to: `/quote-requests/${r.id}`, message: `Request ${r.number} is yours now` };
    }),
  );

  // Handing a request to a colleague (POST /api/quote-requests/:id/assign).
  router.post(
    '/quote-requests/:id/assign',
    ...action(STAFF, requestUrl, async (c) => {
      const r = await assignRequest(db, c.actor, idParam(c.req), assignForm(c.req));
      const to = (await assignableStaff(db)).find((u) => u.id === r.assignedTo)?.email ?? 'them';
      return { message: `Request ${r.number} is assigned to ${to}` };
    }),
  );

  router.post(
    '/quote-requests/:id/decline',
    ...action(STAFF, requestUrl, async (c) => {
      const r = await declineRequest(db, c.actor, idParam(c.req), reasonForm(c.req));
      return { message: `Request ${r.number} was declined` };
    }),
  );

  return router;
}
