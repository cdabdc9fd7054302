import { Router } from 'express';
import type { Deps } from '../deps';
import { accountsKnowledge } from '../metrics';
import { knowledgeView } from './account-knowledge-view';
import { DESK_ROLES } from './desk-pages.routes';
import { type PageKit, queryText } from './page-support';

/**
 * The accounts overview (/accounts-overview; /accounts-at-risk the same filtered to at risk): every account's class, value, trend, frequency,
 * cases and churn signals, as GET /api/metrics/accounts gives them; "at risk only" is the account
 * managers' list of accounts with a churn signal, most signals first.
 */
export function accountKnowledgePageRoutes(deps: Deps, { view }: Pick<PageKit, 'view'>): Router {
  const router = Router();
  router.get(
    ['/accounts-overview', '/accounts-at-risk'],
    view(DESK_ROLES, async (c) => {
      const atRisk = c.req.path === '/accounts-at-risk' || queryText(c.req, 'atRisk', 5) === 'true';
      const manager = queryText(c.req, 'manager', 254);
      const rows = await accountsKnowledge(deps.db, {
        ...(atRisk && { atRisk: true }),
        ...(manager !== undefined && { manager }),
      });
      c.render('accounts-overview', atRisk ? 'Accounts at risk' : 'Accounts overview', {
        atRisk,
        manager,
        rows: rows.map(knowledgeView),
      });
    }),
  );
  return router;
}
