import { Request, Router } from 'express';
import type { Deps } from '../deps';
import {
  acceptQuote,
  approveQuote,
  counterOffer,
  rejectQuote,
  requestApproval,
  sendQuote,
  QUOTE_STATUSES,
  QuoteStatus,
  getQuote,
  listQuotes,
  reviseQuote,
} from '../quotes';
import { idParam, nextPageUrl, PageKit, PARTIES, queryText, STAFF } from './page-support';
import { revisionComparison } from './quote-compare';
import { acceptForm, counterOfferForm, noteForm, reasonForm, revisionForm } from './quote-forms';
import { money, quotePage, statusWord, when } from './quote-views';

/** ?revision=N as a number; anything else is a revision that does not exist. */
function revisionQuery(req: Request): number | undefined {
  const raw = queryText(req, 'revision', 6);
  if (raw === undefined) return undefined;
  return /^[0-9]{1,6}$/.test(raw) ? Number(raw) : 0;
}

/**
 * Quotes and their negotiation. Every action is a form that calls the same service as the API
 * and comes back to the page.
 */
export function quotePageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const { db, config } = deps;
  const router = Router();
  const quoteUrl = (req: Request) => `/quotes/${idParam(req)}`;

  // E-mails link to the portal paths.
  router.get('/portal/quotes/:id', (req, res) => res.redirect(302, `/quotes/${idParam(req)}`));
  router.get('/portal/orders/:id', (req, res) => res.redirect(302, `/orders/${idParam(req)}`));

  router.get(
    '/quotes',
    view(PARTIES, async (c) => {
      const wanted = queryText(c.req, 'status', 30);
      const status = QUOTE_STATUSES.find((s) => s === wanted) as QuoteStatus | undefined;
      const cursor = queryText(c.req, 'cursor');
      const page = await listQuotes(db, c.actor, { ...(status && { status }), ...(cursor && { cursor }) });
      const quotes = await Promise.all(
        page.items.map(async (q) => ({
          ...q,
          statusText: statusWord(q.status),
          customerName: await c.accountName(q.accountId),
          createdAt: when(q.createdAt),
          totalText: q.total === null ? '—' : `${q.currency} ${money(q.total, q.currency)}`,
        })),
      );
      const next = nextPageUrl('/quotes', status, page.nextCursor);
      c.render('quotes', 'Quotes', {
        quotes,
        next,
        filtered: Boolean(status),
        exportStatus: status,
        canCreate: c.isStaff,
        statuses: c.isStaff
          ? QUOTE_STATUSES.map((s) => ({ value: s, label: statusWord(s), selected: s === status }))
          : null,
      });
    }),
  );

  router.get(
    '/quotes/:id',
    view(PARTIES, async (c) => {
      const q = await getQuote(db, c.actor, idParam(c.req), revisionQuery(c.req));
      c.render('quote', `Quote ${q.number}`, {
        ...quotePage(q, c.actor, config, await c.accountName(q.accountId)),
        compare: await revisionComparison(db, c.actor, q, c.req),
        isStaff: c.isStaff,
      });
    }),
  );

  const current = (c: { actor: Parameters<typeof getQuote>[1]; req: Request }) =>
    getQuote(db, c.actor, idParam(c.req));

  router.post(
    '/quotes/:id/send',
    ...action(STAFF, quoteUrl, async (c) => {
      const q = await sendQuote(deps, c.actor, idParam(c.req), c.req.id);
      return { message: `Revision ${q.revision} was sent to the customer` };
    }),
  );
  router.post(
    '/quotes/:id/request-approval',
    ...action(STAFF, quoteUrl, async (c) => {
      await requestApproval(deps, c.actor, idParam(c.req), noteForm(c.req));
      return { message: 'An admin was asked to approve the discount' };
    }),
  );
  router.post(
    '/quotes/:id/approve',
    ...action(['admin'], quoteUrl, async (c) => {
      await approveQuote(deps, c.actor, idParam(c.req), noteForm(c.req), c.req.id);
      return { message: 'The discount is approved: the revision can be sent' };
    }),
  );
  router.post(
    '/quotes/:id/revisions',
    ...action(STAFF, quoteUrl, async (c) => {
      const shown = await current(c);
      const q = await reviseQuote(deps, c.actor, shown.id, revisionForm(c.req, shown), c.req.id);
      return { message: `Revision ${q.revision} was made; it is a draft until it is sent` };
    }),
  );
  router.post(
    '/quotes/:id/reject',
    ...action(PARTIES, quoteUrl, async (c) => {
      await rejectQuote(deps, c.actor, idParam(c.req), reasonForm(c.req));
      return { message: 'The quote was rejected' };
    }),
  );
  router.post(
    '/quotes/:id/counter-offers',
    ...action(PARTIES, quoteUrl, async (c) => {
      const shown = await current(c);
      await counterOffer(deps, c.actor, shown.id, counterOfferForm(c.req, shown));
      return { message: 'The counter-offer was sent to your account manager' };
    }),
  );
  router.post(
    '/quotes/:id/accept',
    ...action(PARTIES, quoteUrl, async (c) => {
      const accepted = await acceptQuote(deps, c.actor, idParam(c.req), acceptForm(c.req), c.req.id);
      return {
        to: `/orders/${accepted.orderId}`,
        message: accepted.created
          ? `The quote was accepted: order ${accepted.orderNumber} is placed`
          : 'The quote had already been accepted: this is its order',
      };
    }),
  );

  return router;
}
