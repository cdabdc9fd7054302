import { type Request, Router } from 'express';
import { createFollowUp } from '../desk';
import type { Deps } from '../deps';
import { changeLine } from '../orders';
import { addRiskNote, findRiskLine, recomputeRisk, RISK_ROLES, type RiskLineView } from '../risk';
import { AppError } from '../shared/errors';
import { addDays, isValidDate, todayIso } from '../shared/time';
import { fieldsOf, text } from './form-fields';
import { idParam, type PageKit, safeNext } from './page-support';

const RISK_PAGE = '/planning/risk';

/** Back to the worklist as it was filtered: the form says where, and only the risk page is allowed. */
function backTo(req: Request): string {
  const back = safeNext(text(fieldsOf(req), 'back'));
  return back === RISK_PAGE || back.startsWith(`${RISK_PAGE}?`) ? back : RISK_PAGE;
}

function lineNoParam(req: Request): number {
  const n = req.params.lineNo;
  if (typeof n !== 'string' || !/^\d{1,6}$/.test(n)) throw new AppError('not_found', 'Page not found');
  return Number(n);
}

const lineText = (l: RiskLineView) => `${l.orderNumber}/${l.lineNo}`;

/** What an expedite asks for: the supply the line stands on, else the item at its site. */
function expediteSubject(l: RiskLineView): string {
  const what = l.cover?.ref ? `${l.cover.ref} (${l.cover.kind})` : `${l.sku} at ${l.site}`;
  return `Expedite ${what} for ${lineText(l)}, promised ${l.promisedDate ?? 'without a date'}`.slice(0, 200);
}

/**
 * The risk page's actions on one line (/planning/risk/:orderId/:lineNo/…): a note, an expedite
 * request (a follow-up of the desk, on the line's account and order, owned by whoever asks), and
 * re-promise now (the order's own line change, asked again with what the line asks for).
 */
export function riskActionPageRoutes(deps: Deps, { action }: Pick<PageKit, 'action'>): Router {
  const { db } = deps;
  const router = Router();
  const line = (req: Request) => findRiskLine(db, idParam(req, 'orderId'), lineNoParam(req));

  router.post(
    '/planning/risk/:orderId/:lineNo/note',
    ...action(RISK_ROLES, backTo, async (c) => {
      const l = await line(c.req);
      await addRiskNote(db, c.actor, l.orderId, l.lineNo, text(fieldsOf(c.req), 'body') ?? '');
      return { message: `Note added to ${lineText(l)}`, to: backTo(c.req) };
    }),
  );

  router.post(
    '/planning/risk/:orderId/:lineNo/expedite',
    ...action(RISK_ROLES, backTo, async (c) => {
      const l = await line(c.req);
      const due = text(fieldsOf(c.req), 'dueDate') ?? addDays(todayIso(), 1);
      if (!isValidDate(due) || due < todayIso())
        throw new AppError('validation_failed', 'The expedite request is not valid', [
          { path: '/dueDate', message: 'a date from today on' },
        ]);
      const subject = expediteSubject(l);
      await createFollowUp(
        db,
        c.actor,
        { accountId: l.accountId, orderId: l.orderId, subject, dueAt: `${due}T09:00:00.000Z` },
        c.req.id,
      );
      return { message: `Follow-up set for ${due}: ${subject}`, to: backTo(c.req) };
    }),
  );

  router.post(
    '/planning/risk/:orderId/:lineNo/repromise',
    ...action(RISK_ROLES, backTo, async (c) => {
      const l = await line(c.req);
      const order = await changeLine(deps, c.actor, l.orderId, l.lineNo, {
        reason: 're-promised now from the risk page',
      });
      // The page shows the new score at once; the order.changed job recomputes the same again.
      await recomputeRisk(db, [l.sku]);
      const now = (order.lines as Array<{ lineNo: number; confirmedDate: string | null }>).find(
        (x) => x.lineNo === l.lineNo,
      );
      return {
        message: `${lineText(l)} re-promised: ${now?.confirmedDate ?? 'no date within the horizon'} (was ${l.promisedDate ?? 'none'})`,
        to: backTo(c.req),
      };
    }),
  );
  return router;
}
