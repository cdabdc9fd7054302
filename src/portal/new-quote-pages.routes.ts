import { Router } from 'express';
import { listAccounts } from '../accounts';
import type { Deps } from '../deps';
import { createQuote } from '../quotes';
import { newQuoteForm, QUOTE_FORM_LINES, typedQuote } from './new-quote-form';
import { Flash, PageContext, PageKit, STAFF } from './page-support';

/**
 * A quote nobody asked for in a request (POST /api/quotes's use case): the account manager picks
 * the customer and types the lines. Mounted before the quote pages, so "new" is not taken for an id.
 */
export function newQuotePageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const router = Router();
  const showForm = async (c: PageContext, typed?: ReturnType<typeof typedQuote>, refusal?: Flash) => {
    const accounts = (await listAccounts(deps.db, c.actor, { limit: '200' })).items.filter((a) => a.active);
    c.render(
      'quote-new',
      'New quote',
      {
        accounts: accounts.map((a) => ({ ...a, selected: a.id === typed?.accountId })),
        rows: Array.from({ length: QUOTE_FORM_LINES }, (_v, i) => ({ i, n: i + 1, ...typed?.lines[i] })),
        validUntil: typed?.validUntil,
        ...(refusal && { flash: refusal }),
      },
      refusal ? 422 : 200,
    );
  };
  router.get(
    '/quotes/new',
    view(STAFF, (c) => showForm(c)),
  );
  router.post(
    '/quotes',
    ...action(
      STAFF,
      () => '/quotes/new',
      async (c) => {
        const q = await createQuote(deps, c.actor, newQuoteForm(c.req), c.req.id);
        return { to: `/quotes/${q.id}`, message: `Quote ${q.number} was drafted; it is sent from its page` };
      },
      (c, refusal) => showForm(c, typedQuote(c.req), refusal),
    ),
  );
  return router;
}
