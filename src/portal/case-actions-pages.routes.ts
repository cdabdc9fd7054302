import { Router } from 'express';
import {
  assignCase,
  authorizeRma,
  type CaseDetail,
  changeArticle,
  DISPOSITIONS,
  getCase,
  listAssignableStaff,
  setCause,
} from '../cases';
import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import type { Actor, Role } from '../shared/http/actor';
import { articleForm, assignForm, causeForm, rmaForm } from './case-action-forms';
import { idParam, type PageKit } from './page-support';

// The same roles as the API routes (cases.routes.ts, knowledge.routes.ts): a page offers no one more.
const ASSIGNERS: readonly Role[] = ['admin', 'account_manager', 'service'];
const CAUSE_SETTERS: readonly Role[] = ['admin', 'account_manager', 'service'];
const RMA_AUTHORIZERS: readonly Role[] = ['admin', 'service'];
const ARTICLE_EDITORS: readonly Role[] = ['admin', 'service'];

const word = (s: string): string => s.replace(/_/g, ' ');

/**
 * Which of the case page's staff forms this viewer gets. The services decide in the end (an RMA
 * over what shipped is refused in their words); this only hides forms that cannot work.
 */
export async function caseActionsView(deps: Deps, actor: Actor, k: CaseDetail) {
  const assignable = ASSIGNERS.includes(actor.role) ? await listAssignableStaff(deps) : [];
  return {
    assignees: assignable.map((u) => ({
      value: u.id,
      label: `${u.email} (${word(u.role)})`,
      selected: u.id === k.assignee,
    })),
    canSetCause: CAUSE_SETTERS.includes(actor.role) && k.type === 'complaint',
    rma:
      RMA_AUTHORIZERS.includes(actor.role) && k.orderId && k.lineNo
        ? { lineNo: k.lineNo, dispositions: DISPOSITIONS.map((d) => ({ value: d, label: word(d) })) }
        : null,
  };
}

/** The case page's assign, return and cause forms and the article editor: each runs the API's use case. */
export function caseActionPageRoutes(deps: Deps, { action }: Pick<PageKit, 'action'>): Router {
  const router = Router();
  const caseUrl = (req: Parameters<typeof idParam>[0]) => `/cases/${idParam(req)}`;

  router.post(
    '/cases/:id/assign',
    ...action(ASSIGNERS, caseUrl, async (c) => {
      const k = await assignCase(deps, c.actor, idParam(c.req), assignForm(c.req));
      return { message: `Case ${k.number} is assigned` };
    }),
  );
  router.post(
    '/cases/:id/rma',
    ...action(RMA_AUTHORIZERS, caseUrl, async (c) => {
      const k = await getCase(deps, c.actor, idParam(c.req));
      if (!k.orderId || !k.lineNo)
        throw new AppError('validation_failed', 'The case is not tied to an order line', [
          { path: '/lines/0/orderId', message: 'is required' },
        ]);
      const rma = rmaForm(c.req, { orderId: k.orderId, lineNo: k.lineNo });
      const { rmaNumber } = await authorizeRma(deps, c.actor, k.id, rma);
      return { message: `Return ${rmaNumber} is authorized` };
    }),
  );
  router.post(
    '/cases/:id/cause',
    ...action(CAUSE_SETTERS, caseUrl, async (c) => {
      const { causeCode } = await setCause(deps, c.actor, idParam(c.req), causeForm(c.req));
      return { message: `The cause is ${causeCode} now` };
    }),
  );
  router.post(
    '/knowledge/articles/:id',
    ...action(
      ARTICLE_EDITORS,
      (req) => `/knowledge/articles/${idParam(req)}`,
      async (c) => {
        await changeArticle(deps, idParam(c.req), articleForm(c.req));
        return { message: 'The article was saved' };
      },
    ),
  );
  return router;
}
