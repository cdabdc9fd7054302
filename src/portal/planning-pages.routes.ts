import { Router } from 'express';
import { availability, check, availabilityQuery, AvailabilityQuery, CheckBody, checkSchema } from '../atp';
import { getItem, listSites } from '../catalog';
import type { Deps } from '../deps';
import { AppError, ErrorDetail } from '../shared/errors';
import { compileValidator } from '../shared/http/validation';
import type { Role } from '../shared/http/actor';
import { todayIso } from '../shared/time';
import { availabilitySvg } from './charts';
import { decimal, fail } from './form-fields';
import type { PageKit } from './page-support';
import { queryText } from './page-support';
import { qty } from './quote-views';

/** Everyone who works for the manufacturer; customers see promises on their own orders only. */
export const PLANNING: readonly Role[] = ['admin', 'account_manager', 'planner', 'service'];

const checkRange = compileValidator<AvailabilityQuery>(availabilityQuery, 'The dates are not valid');
const checkAsk = compileValidator<CheckBody>(checkSchema, 'The quantity to check is not valid');

const SOURCES: Record<string, string> = {
  stock: 'from stock',
  supply: 'from scheduled supply',
  lead_time: 'by the lead time',
  capacity: 'from plant capacity',
  none: 'cannot be confirmed within the horizon',
};

/**
 * Availability for people: the ATP buckets of an item at a site (GET /api/items/:sku/availability)
 * and, for a quantity on a date, what could be promised now (POST /api/atp/check, reserving
 * nothing), with a link that takes the same line into a new order.
 */
export function planningPageRoutes(deps: Deps, { view }: Pick<PageKit, 'view'>): Router {
  const { db } = deps;
  const router = Router();
  router.get(
    '/availability',
    view(PLANNING, async (c) => {
      const form = {
        sku: queryText(c.req, 'sku', 40),
        site: queryText(c.req, 'site', 20),
        from: queryText(c.req, 'from', 10),
        to: queryText(c.req, 'to', 10),
        quantity: queryText(c.req, 'quantity', 20),
        requestedDate: queryText(c.req, 'requestedDate', 10) ?? todayIso(),
        // As at order intake: partial deliveries unless the order ships complete.
        complete: queryText(c.req, 'delivery', 10) === 'complete',
      };
      const sites = await listSites(db);
      let error: { message: string; details: unknown[] } | null = null;
      let result: Record<string, unknown> | null = null;
      if (form.sku) {
        try {
          const range = checkRange({
            ...(form.site && { site: form.site }),
            ...(form.from && { from: form.from }),
            ...(form.to && { to: form.to }),
          });
          const [item, found] = [await getItem(db, form.sku), await availability(db, form.sku, range)];
          const ask = form.quantity
            ? await promiseFor(db, found.site, {
                sku: form.sku,
                quantity: form.quantity,
                requestedDate: form.requestedDate,
                complete: form.complete,
              })
            : null;
          result = {
            item,
            site: found.site,
            buckets: found.buckets.map((b) => ({
              date: b.date,
              receipts: b.receipts ? qty(b.receipts) : '',
              demand: b.demand ? qty(b.demand) : '',
              atp: qty(b.atp),
              short: b.atp < 0,
            })),
            chart: found.buckets.length ? availabilitySvg(found.buckets) : null,
            ask,
          };
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          error = { message: err.message, details: err.details ?? [] };
        }
      }
      c.render('availability', form.sku ? `Availability of ${form.sku}` : 'Availability', {
        form,
        sites: sites.map((s) => ({ ...s, selected: s.siteCode === form.site })),
        result,
        error,
        canOrder: c.actor.role === 'admin' || c.actor.role === 'account_manager',
      });
    }),
  );
  return router;
}

/** What could be promised now for the quantity asked, and the new-order link that carries it. */
async function promiseFor(
  db: Deps['db'],
  site: string,
  form: { sku: string; quantity: string; requestedDate: string; complete: boolean },
) {
  const problems: ErrorDetail[] = [];
  const quantity = decimal({ quantity: form.quantity }, 'quantity', '/quantity', problems) ?? 0;
  fail(problems, 'The quantity to check is not valid');
  const body = checkAsk({
    site,
    lines: [{ sku: form.sku, quantity, requestedDate: form.requestedDate, allowPartial: !form.complete }],
  });
  const line = (await check(db, body)).lines[0]!;
  const order = new URLSearchParams({
    sku: form.sku,
    site,
    quantity: String(quantity),
    requestedDate: form.requestedDate,
    ...(form.complete && { shipComplete: 'on' }),
  });
  return {
    quantity: qty(quantity),
    requestedDate: form.requestedDate,
    confirmedDate: line.confirmedDate,
    source: SOURCES[line.source] ?? line.source,
    confirmations: line.confirmations.map((x) => ({ date: x.date, quantity: qty(x.quantity) })),
    split: line.confirmations.length > 1,
    orderUrl: `/orders/new?${order.toString()}`,
  };
}
