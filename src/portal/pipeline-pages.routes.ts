import { Router } from 'express';
import type { Deps } from '../deps';
import { pipelineBesideOnHand } from '../metrics';
import { amount } from './account-knowledge-view';
import type { PageKit } from './page-support';

/** Sales planning's pipeline (/pipeline): open quotes weighted by their hit probability beside the orders on hand. */
export function pipelinePageRoutes(deps: Deps, { view }: Pick<PageKit, 'view'>): Router {
  const router = Router();
  router.get(
    '/pipeline',
    view(['admin', 'account_manager', 'planner'], async (c) => {
      const rows = await pipelineBesideOnHand(deps.db);
      c.render('pipeline', 'Pipeline forecast', {
        rows: rows.map((r) => ({
          ...r,
          family: r.family ?? '—',
          openValueText: amount(r.openValue),
          weightedValueText: amount(r.weightedValue),
          onHandValueText: amount(r.onHandValue),
        })),
      });
    }),
  );
  return router;
}
