import type { Router } from 'express';
import type { Deps } from '../deps';
import { accountKnowledgePageRoutes } from './account-knowledge-pages.routes';
import { pipelinePageRoutes } from './pipeline-pages.routes';
import { deliveryPageRoutes } from './delivery-pages.routes';
import { accountSettingsPageRoutes } from './account-settings-pages.routes';
import { casePageRoutes } from './case-pages.routes';
import { knowledgePageRoutes } from './knowledge-pages.routes';
import { serviceFiguresPageRoutes } from './service-figures-pages.routes';
import { caseAdminPageRoutes } from './case-admin-pages.routes';
import { caseAttachmentPageRoutes } from './case-attachment-pages.routes';
import { caseActionPageRoutes } from './case-actions-pages.routes';
import { deskPageRoutes } from './desk-pages.routes';
import { newQuotePageRoutes } from './new-quote-pages.routes';
import { orderActionRoutes } from './order-actions.routes';
import { orderPageRoutes } from './order-pages.routes';
import { metricsPageRoutes } from './metrics-pages.routes';
import { pageKit } from './page-support';
import { homePageRoutes, signInPageRoutes } from './pages.routes';
import { planningPageRoutes } from './planning-pages.routes';
import { quotePageRoutes } from './quote-pages.routes';
import { quoteSheetPageRoutes } from './quote-sheet-pages.routes';
import { quoteTermsPageRoutes } from './quote-terms-pages.routes';
import { requestPageRoutes } from './request-pages.routes';
import { riskActionPageRoutes } from './risk-actions-pages.routes';
import { riskPageRoutes } from './risk-pages.routes';
import { whatIfPageRoutes } from './what-if-pages.routes';
import { syncPageRoutes } from './sync-pages.routes';
import { userPageRoutes } from './user-pages.routes';

export { pageErrorHandler, type IsApiRequest } from './error-page';
export { NAVIGATION, navigationFor, type NavEntry } from './navigation';

/**
 * Every page router, mounted by app.ts in this order after the API; a new domain's pages are one
 * more line here and its links one more row of NAVIGATION. Pages live under portal/ (a domain's
 * pages as `portal/<domain>-pages.routes.ts`), so the portal depends on the domains and never the
 * other way round: a domain importing the page kit would make a cycle through this index.
 */
export function pageRoutes(deps: Deps): Router[] {
  const kit = pageKit(deps);
  return [
    signInPageRoutes(deps),
    homePageRoutes(deps, kit),
    newQuotePageRoutes(deps, kit),
    quotePageRoutes(deps, kit),
    quoteSheetPageRoutes(deps, kit),
    quoteTermsPageRoutes(deps, kit),
    requestPageRoutes(deps, kit),
    orderPageRoutes(deps, kit),
    orderActionRoutes(deps, kit),
    deliveryPageRoutes(deps, kit),
    planningPageRoutes(deps, kit),
    riskPageRoutes(deps, kit),
    caseAdminPageRoutes(deps, kit),
    caseAttachmentPageRoutes(deps, kit),
    caseActionPageRoutes(deps, kit),
    riskActionPageRoutes(deps, kit),
    whatIfPageRoutes(deps, kit),
    metricsPageRoutes(deps, kit),
    casePageRoutes(deps, kit),
    knowledgePageRoutes(deps, kit),
    serviceFiguresPageRoutes(deps, kit),
    deskPageRoutes(deps, kit),
    accountSettingsPageRoutes(deps, kit),
    accountKnowledgePageRoutes(deps, kit),
    pipelinePageRoutes(deps, kit),
    userPageRoutes(deps, kit),
    syncPageRoutes(deps, kit),
  ];
}
