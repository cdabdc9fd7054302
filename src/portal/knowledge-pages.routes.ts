import { Router } from 'express';
import {
  addCause,
  articleFromCase,
  type CaseDetail,
  causeOfCase,
  changeCause,
  createArticle,
  getArticle,
  listCauses,
  listRecentArticles,
  searchKnowledge,
  suggestForCase,
} from '../cases';
import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import type { Actor, Role } from '../shared/http/actor';
import { idParam, type PageContext, type PageKit, queryText } from './page-support';

const WORKERS: readonly Role[] = ['admin', 'account_manager', 'service'];
const WRITERS: readonly Role[] = ['admin', 'service'];
const EVERYONE: readonly Role[] = [...WORKERS, 'customer'];

const field = (c: PageContext, name: string, max: number): string | undefined => {
  const v = (c.req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;
};
const required = (c: PageContext, name: string, max: number): string => {
  const v = field(c, name, max);
  if (!v)
    throw new AppError('validation_failed', 'Please fill in every field', [
      { path: `/${name}`, message: 'is required' },
    ]);
  return v;
};

/**
 * What the case page shows staff of the knowledge base: similar resolved cases and articles,
 * the case's cause and the active codes for closing a complaint, and whether it can become an article.
 */
export async function caseKnowledgePanel(deps: Deps, actor: Actor, k: CaseDetail) {
  const [suggestions, causeCode, causes] = await Promise.all([
    suggestForCase(deps, actor, k.id),
    causeOfCase(deps, k.id),
    listCauses(deps),
  ]);
  return {
    suggestions,
    causeCode,
    causes: causes.filter((x) => x.active).map((x) => ({ ...x, selected: x.code === causeCode })),
    complaint: k.type === 'complaint',
    canWriteArticle: WRITERS.includes(actor.role) && (k.status === 'resolved' || k.status === 'closed'),
  };
}

/** The knowledge base (search, articles), the cause codes admins keep, and an article from a case. */
export function knowledgePageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const router = Router();

  router.get(
    '/knowledge',
    view(EVERYONE, async (c) => {
      const q = queryText(c.req, 'q', 200);
      const found = q ? await searchKnowledge(deps, c.actor, { q }) : null;
      c.render('knowledge', 'Knowledge', {
        q,
        found,
        recent: found ? [] : await listRecentArticles(deps),
        canWrite: WRITERS.includes(c.actor.role),
      });
    }),
  );

  router.post(
    '/knowledge/articles',
    ...action(
      WRITERS,
      () => '/knowledge',
      async (c) => {
        const a = await createArticle(deps, c.actor, {
          title: required(c, 'title', 200),
          problem: required(c, 'problem', 4000),
          solution: required(c, 'solution', 4000),
        });
        return { to: `/knowledge/articles/${a.id}`, message: 'The article was saved' };
      },
    ),
  );

  router.get(
    '/knowledge/articles/:id',
    view(EVERYONE, async (c) => {
      const a = await getArticle(deps, idParam(c.req));
      c.render('article', a.title, {
        a,
        staff: c.actor.role !== 'customer',
        canEdit: WRITERS.includes(c.actor.role),
      });
    }),
  );

  router.post(
    '/cases/:id/article',
    ...action(
      WRITERS,
      (req) => `/cases/${req.params.id}`,
      async (c) => {
        const a = await articleFromCase(deps, c.actor, idParam(c.req), {});
        return { to: `/knowledge/articles/${a.id}`, message: 'The resolution is now an article' };
      },
    ),
  );

  router.get(
    '/service/causes',
    view(WORKERS, async (c) => {
      c.render('cause-codes', 'Cause codes', {
        causes: await listCauses(deps),
        admin: c.actor.role === 'admin',
      });
    }),
  );

  router.post(
    '/service/causes',
    ...action(
      ['admin'],
      () => '/service/causes',
      async (c) => {
        const code = required(c, 'code', 30).toUpperCase();
        if (!/^[A-Z0-9][A-Z0-9_-]*$/.test(code))
          throw new AppError('validation_failed', 'A code is letters, digits, - and _', [
            { path: '/code', message: 'must be letters, digits, - and _' },
          ]);
        await addCause(deps, { code, label: required(c, 'label', 200) });
        return { message: `Cause code ${code} was added` };
      },
    ),
  );

  router.post(
    '/service/causes/:code',
    ...action(
      ['admin'],
      () => '/service/causes',
      async (c) => {
        const code = String(c.req.params.code);
        const current = (await listCauses(deps)).find((x) => x.code === code);
        if (!current) throw new AppError('not_found', 'Page not found');
        const active = field(c, 'active', 5) === 'true';
        await changeCause(deps, code, { label: field(c, 'label', 200) ?? current.label, active });
        return { message: `${code} is ${active ? 'in use again' : 'retired'}` };
      },
    ),
  );

  return router;
}
