import crypto from 'node:crypto';
import type { Deps } from '../deps';
import { accountExists } from '../accounts';
import { assertItemsExist, LinePromise, Promiser, resolveSite } from '../atp/atp.service';
import { milliText, toMilli } from '../atp/quantity';
import { enqueueOrderExport } from '../erp';
import { writeAudit } from '../shared/audit.repository';
import { AppError, ErrorDetail, notFound } from '../shared/errors';
import { accountScopeOf, Actor, assertActsFor } from '../shared/http/actor';
import { nowIso } from '../shared/time';
import { getOrder } from './orders.service';
import type { NewOrder } from './orders.schemas';
import * as repo from './orders.repository';
import { recordPromise, shipTogether } from './promise-ledger';

/**
 * Takes an order: checks ATP for every line and reserves what it confirms in the same
 * transaction. The skus' ATP locks are taken first, so two orders at the same moment see each
 * other's reservations and can never both be confirmed the same units.
 */
export async function takeOrder(deps: Deps, actor: Actor, input: NewOrder, requestId?: string) {
  const { db } = deps;
  const scope = accountScopeOf(actor);
  assertActsFor(scope, input.accountId);
  if (!(await accountExists(db, input.accountId))) throw notFound('Account');
  await assertItemsExist(db, input.lines.map((l, i) => ({ sku: l.sku, path: `/lines/${i}/sku` })));
  const problems: ErrorDetail[] = [];
  const sites: string[] = [];
  for (const [i, l] of input.lines.entries()) sites.push(await resolveSite(db, l.sku, l.site ?? input.site, `/lines/${i}/site`, problems));
  if (problems.length) throw new AppError('business_rule', 'Some lines cannot be taken', problems);

  const orderId = crypto.randomUUID();
  const now = nowIso();
  await db.transaction(async (trx) => {
    await repo.lockSkus(trx, input.lines.map((l) => l.sku));
    const number = await repo.nextOrderNumber(trx);
    const promiser = new Promiser(trx);
    let promises: LinePromise[] = [];
    for (const [i, l] of input.lines.entries()) {
      promises.push(await promiser.promiseLine(l.sku, sites[i]!, { qty: toMilli(l.quantity), requestedDate: l.requestedDate, allowPartial: !input.shipComplete }));
    }
    if (input.shipComplete) promises = shipTogether(promises);
    const status = promises.every((p) => p.confirmedDate !== null) ? 'confirmed' : 'draft';
    await repo.insertOrder(trx, {
      id: orderId,
      number,
      account_id: input.accountId,
      customer_po: input.customerPo ?? null,
      site_code: input.site ?? null,
      ship_complete: Boolean(input.shipComplete),
      status,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    for (const [i, l] of input.lines.entries()) {
      const line: repo.OrderLineRow = {
        id: crypto.randomUUID(),
        order_id: orderId,
        line_no: i + 1,
        sku: l.sku,
        site_code: sites[i]!,
        quantity: milliText(toMilli(l.quantity)),
        requested_date: l.requestedDate,
        confirmed_date: null,
        date_source: 'none',
        new_supply: '0',
        erp_ref: `${number}/${i + 1}`,
        open: true,
        slipped_at: null,
        slip_reason: null,
      };
      await repo.insertLine(trx, line);
      await recordPromise(trx, line, promises[i]!, { changedBy: 'intake', actorId: actor.userId, reason: 'order intake', at: now });
    }
    await repo.insertStatusHistory(trx, { order_id: orderId, from_status: null, to_status: status, at: now, actor_id: actor.userId, reason: 'order intake' });
    await writeAudit(trx, { actor, action: 'order.taken', entity: 'order', entityId: orderId, detail: { number, lines: input.lines.length }, ...(requestId && { requestId }) });
  });
  await enqueueOrderExport(deps, orderId);
  return getOrder(db, actor, orderId);
}
