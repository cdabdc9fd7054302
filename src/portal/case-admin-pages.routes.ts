import { Router } from 'express';
import {
  getSlaTargets,
  listAssignableStaff,
  listTriageMail,
  PRIORITIES,
  putSlaTargets,
  reassignAll,
  type SlaTargets,
  slaTargetsSchema,
} from '../cases';
import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import type { Role } from '../shared/http/actor';
import { compileValidator } from '../shared/http/validation';
import type { PageContext, PageKit } from './page-support';

const DESK: readonly Role[] = ['admin', 'service'];
const ADMIN: readonly Role[] = ['admin'];
const checkTargets = compileValidator<SlaTargets>(slaTargetsSchema);

const field = (c: PageContext, name: string): string =>
  String((c.req.body as Record<string, unknown> | undefined)?.[name] ?? '').trim();

/**
 * The service desk's housekeeping pages: handing someone's cases to a colleague while they are
 * away, the e-mail no case took (triage), and the SLA targets per priority (admins). Mounted
 * before the case pages, so `/cases/reassign` and `/cases/triage` are not taken for case ids.
 */
export function caseAdminPageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const router = Router();

  router.get(
    '/cases/reassign',
    view(DESK, async (c) => {
      const staff = await listAssignableStaff(deps);
      c.render('cases-reassign', 'Reassign cases', { staff });
    }),
  );

  router.post(
    '/cases/reassign',
    ...action(
      DESK,
      () => '/cases/reassign',
      async (c) => {
        const reason = field(c, 'reason').slice(0, 500);
        const { moved } = await reassignAll(deps, c.actor, {
          fromUserId: field(c, 'fromUserId'),
          toUserId: field(c, 'toUserId'),
          ...(reason && { reason }),
        });
        return { to: '/cases', message: `${moved} case${moved === 1 ? ' was' : 's were'} reassigned` };
      },
    ),
  );

  router.get(
    '/cases/triage',
    view(DESK, async (c) => {
      const { items } = await listTriageMail(deps);
      c.render('cases-triage', 'E-mail triage', {
        items: items.map((m) => ({
          ...m,
          receivedText: `${m.receivedAt.slice(0, 16).replace('T', ' ')} UTC`,
        })),
      });
    }),
  );

  router.get(
    '/sla-targets',
    view(ADMIN, async (c) => {
      c.render('sla-targets', 'SLA targets', { targets: (await getSlaTargets(deps.db)).targets });
    }),
  );

  router.post(
    '/sla-targets',
    ...action(
      ADMIN,
      () => '/sla-targets',
      async (c) => {
        const hours = (name: string) => (field(c, name) === '' ? Number.NaN : Number(field(c, name)));
        const input = checkTargets({
          targets: PRIORITIES.map((priority) => ({
            priority,
            firstResponseHours: hours(`fr_${priority}`),
            resolutionHours: hours(`res_${priority}`),
          })),
        });
        const bad = input.targets.filter((t) => t.firstResponseHours > t.resolutionHours);
        if (bad.length)
          throw new AppError(
            'validation_failed',
            'A first response cannot take longer than the resolution',
            bad.map((t) => ({
              path: `/${t.priority}`,
              message: `${t.priority}: first response exceeds resolution`,
            })),
          );
        await putSlaTargets(deps.db, c.actor, input, c.req.id);
        return { message: 'The SLA targets were saved; new cases get them' };
      },
    ),
  );

  return router;
}
