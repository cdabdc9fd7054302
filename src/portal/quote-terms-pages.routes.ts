import { Request, Router } from 'express';
import type { Deps } from '../deps';
import { getQuoteDefaults, INCOTERMS, QuoteDefaults, quoteDefaultsSchema, setQuoteDefaults } from '../quotes';
import { compileValidator } from '../shared/http/validation';
import { fieldsOf, text } from './form-fields';
import { idParam, PageKit, STAFF } from './page-support';

const checkDefaults = compileValidator<QuoteDefaults>(quoteDefaultsSchema, 'The quote terms are not valid');

/** The form as PUT /api/accounts/:id/quote-defaults's body: a blank field clears that default. */
function defaultsForm(req: Request): QuoteDefaults {
  const f = fieldsOf(req);
  return checkDefaults({
    incoterm: text(f, 'incoterm') ?? null,
    incotermPlace: text(f, 'incotermPlace') ?? null,
    shipComplete: text(f, 'shipComplete') === 'on',
    note: text(f, 'note') ?? null,
  });
}

/**
 * An account's negotiated terms that its new quotes start from (Incoterm and place, ship-complete,
 * a note; payment terms are the ERP's), linked from the account page: GET/PUT
 * /api/accounts/:id/quote-defaults in the pages.
 */
export function quoteTermsPageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const { db } = deps;
  const router = Router();
  const termsUrl = (req: Request) => `/accounts/${idParam(req)}/quote-terms`;
  router.get(
    '/accounts/:id/quote-terms',
    view(STAFF, async (c) => {
      const id = idParam(c.req);
      const d = await getQuoteDefaults(db, id);
      c.render('quote-terms', 'Quote terms', {
        account: { id, name: await c.accountName(id) },
        defaults: d,
        incoterms: [
          { code: '', label: '— none —', selected: !d.incoterm },
          ...INCOTERMS.map((code) => ({ code, label: code, selected: code === d.incoterm })),
        ],
      });
    }),
  );
  router.post(
    '/accounts/:id/quote-terms',
    ...action(STAFF, termsUrl, async (c) => {
      await setQuoteDefaults(db, c.actor, idParam(c.req), defaultsForm(c.req));
      return { message: 'Saved: new quotes of this account start from these terms' };
    }),
  );
  return router;
}
