import { Router } from 'express';
import { listInbox, readInboxItem } from '../alerts';
import type { Deps } from '../deps';
import { buyerDate, chooseOnSlip, getOrder, SLIP_CHOICES, type SlipChoice } from '../orders';
import { AppError } from '../shared/errors';
import { ROLES } from '../shared/http/actor';
import { idParam, PageKit, PARTIES, queryText } from './page-support';
import { when } from './quote-views';

/** What an inbox item is, in words anyone reading it understands. */
const KIND_WORDS: Record<string, string> = {
  due_soon: 'Due soon',
  due_today: 'Due today',
  overdue: 'Late',
  slipped: 'New date',
};

/** A recorded choice as the buyer made it. */
const CHOICE_WORDS: Record<string, string> = {
  wait: 'wait for the new date',
  split: 'receive what was ready sooner and the rest later',
  cancel: 'cancel this line',
};

function lineNoParam(raw: string | undefined): number {
  if (!raw || !/^[0-9]{1,4}$/.test(raw)) throw new AppError('not_found', 'Page not found');
  return Number(raw);
}

/**
 * The inbox (every signed-in user's own) and the one-click page where a buyer answers a slipped
 * line: the new date and why, three buttons, the result on the same page.
 */
export function deliveryPageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const { db } = deps;
  const router = Router();

  router.get(
    '/inbox',
    view(ROLES, async (c) => {
      const cursor = queryText(c.req, 'cursor');
      const page = await listInbox(db, c.actor, { limit: '50', ...(cursor && { cursor }) });
      c.render('inbox', 'Inbox', {
        items: page.items.map((i) => ({
          ...i,
          kindText: KIND_WORDS[i.kind] ?? i.kind,
          when: when(i.createdAt),
          unread: i.readAt === null,
        })),
        next: page.nextCursor
          ? `/inbox?${new URLSearchParams({ cursor: page.nextCursor }).toString()}`
          : null,
      });
    }),
  );

  // Opening an item marks it read and goes where it leads; the link is ours (stored by the alerts job).
  router.get(
    '/inbox/:id',
    view(ROLES, async (c) => {
      const item = await readInboxItem(db, c.actor, idParam(c.req));
      c.res.redirect(303, item.link.startsWith('/') && !item.link.startsWith('//') ? item.link : '/inbox');
    }),
  );

  const choicePath = (id: string, lineNo: number) => `/orders/${id}/lines/${lineNo}/choice`;

  router.get(
    '/orders/:id/lines/:lineNo/choice',
    view(PARTIES, async (c) => {
      const lineNo = lineNoParam(c.req.params.lineNo as string | undefined);
      const order = await getOrder(db, c.actor, idParam(c.req));
      const line = order.lines.find((l) => l.lineNo === lineNo);
      if (!line) throw new AppError('not_found', 'Page not found');
      const slipped = line.slipped;
      c.render('slip-choice', `Order ${order.number}, line ${lineNo}`, {
        order,
        line,
        newDate: buyerDate(line.confirmedDate),
        explanation: slipped?.explanation ?? null,
        awaiting: Boolean(slipped?.awaitingChoice),
        chosen: slipped?.choice
          ? { choice: CHOICE_WORDS[slipped.choice] ?? slipped.choice, at: when(slipped.chosenAt ?? '') }
          : null,
        split:
          line.confirmations.length > 1
            ? line.confirmations.map((d) => ({ ...d, date: buyerDate(d.date) }))
            : null,
        action: choicePath(order.id, lineNo),
      });
    }),
  );

  router.post(
    '/orders/:id/lines/:lineNo/choice',
    ...action(
      PARTIES,
      (req) => `/orders/${req.params.id}/lines/${req.params.lineNo}/choice`,
      async (c) => {
        const lineNo = lineNoParam(c.req.params.lineNo as string | undefined);
        const id = idParam(c.req);
        const body = (c.req.body ?? {}) as Record<string, unknown>;
        const choice = SLIP_CHOICES.find((s) => s === body.choice) as SlipChoice | undefined;
        if (!choice)
          throw new AppError('validation_failed', 'Choose wait, split or cancel', [
            { path: '/choice', message: 'must be wait, split or cancel' },
          ]);
        const result = await chooseOnSlip(deps, c.actor, id, lineNo, { choice });
        return { to: choicePath(id, lineNo), message: result.outcome };
      },
    ),
  );

  return router;
}
