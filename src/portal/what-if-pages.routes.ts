import { type Request, Router } from 'express';
import { listSites } from '../catalog';
import type { Deps } from '../deps';
import { openReceiptsOf, RISK_ROLES, type WhatIfBody, whatIf } from '../risk';
import { AppError, type ErrorDetail } from '../shared/errors';
import { isValidDate } from '../shared/time';
import { decimal, type Fields, fail, text } from './form-fields';
import type { PageKit } from './page-support';
import { queryText } from './page-support';

/** As many receipts as the what-if API takes in one question. */
const MAX_RECEIPTS = 100;

type Receipt = Awaited<ReturnType<typeof openReceiptsOf>>[number];

function dateField(f: Fields, key: string, path: string, problems: ErrorDetail[]): string | undefined {
  const d = text(f, key);
  if (d !== undefined && !isValidDate(d)) problems.push({ path, message: 'is not a date' });
  return d !== undefined && isValidDate(d) ? d : undefined;
}

/** The changes the form asks about: the receipts whose date or quantity differs from the ERP's, and a new one. */
function changesOf(f: Fields, receipts: Receipt[]): WhatIfBody['receipts'] {
  const problems: ErrorDetail[] = [];
  const changes: WhatIfBody['receipts'] = [];
  receipts.forEach((r, i) => {
    const dueDate = dateField(f, `due${i}`, `/receipts/${i}/dueDate`, problems);
    const quantity = decimal(f, `qty${i}`, `/receipts/${i}/quantity`, problems);
    const moved = dueDate !== undefined && dueDate !== r.dueDate;
    const resized = quantity !== undefined && quantity !== r.quantity;
    if (moved || resized)
      changes.push({ ref: r.ref, ...(moved && { dueDate }), ...(resized && { quantity }) });
  });
  const newDue = dateField(f, 'newDue', '/new/dueDate', problems);
  const newQty = decimal(f, 'newQty', '/new/quantity', problems);
  if ((newDue === undefined) !== (newQty === undefined))
    problems.push({ path: '/new', message: 'a new receipt needs a date and a quantity' });
  else if (newDue !== undefined && newQty !== undefined) changes.push({ dueDate: newDue, quantity: newQty });
  fail(problems, 'The what-if is not valid');
  if (!changes.length)
    throw new AppError('validation_failed', 'Nothing changed', [
      { path: '/receipts', message: "move a receipt's date, change its quantity, or add one" },
    ]);
  return changes;
}

/**
 * What-if for planners (/planning/what-if): the open receipts of one item at one site, each date
 * and quantity editable, and one receipt to add; "Show" answers which open lines would slip and by
 * how many days (POST /api/risk/what-if's use case). A GET form: it reads only, nothing is written.
 */
export function whatIfPageRoutes(deps: Deps, { view }: Pick<PageKit, 'view'>): Router {
  const { db } = deps;
  const router = Router();
  router.get(
    '/planning/what-if',
    view(RISK_ROLES, async (c) => {
      const req: Request = c.req;
      const form = { sku: queryText(req, 'sku', 40), site: queryText(req, 'site', 20) };
      const sites = (await listSites(db)).map((s) => ({ ...s, selected: s.siteCode === form.site }));
      let receipts: Array<Receipt & { i: number; due: string; qty: string }> = [];
      let result: Record<string, unknown> | null = null;
      let error: { message: string; details: unknown[] } | null = null;
      const f = req.query as Fields;
      try {
        if (form.sku && form.site) {
          const open = (await openReceiptsOf(db, form.sku, form.site)).slice(0, MAX_RECEIPTS);
          receipts = open.map((r, i) => ({
            ...r,
            i,
            due: text(f, `due${i}`) ?? r.dueDate,
            qty: text(f, `qty${i}`) ?? String(r.quantity),
          }));
          if (text(f, 'run')) {
            const answer = await whatIf(db, { sku: form.sku, site: form.site, receipts: changesOf(f, open) });
            result = {
              ...answer,
              lines: await Promise.all(
                answer.lines.map(async (l) => ({ ...l, accountName: await c.accountName(l.accountId) })),
              ),
            };
          }
        }
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        error = { message: err.message, details: err.details ?? [] };
      }
      c.render('what-if', 'What if', {
        form,
        sites,
        receipts,
        newDue: text(f, 'newDue'),
        newQty: text(f, 'newQty'),
        result,
        error,
      });
    }),
  );
  return router;
}
