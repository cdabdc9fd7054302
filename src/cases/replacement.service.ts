import type { Deps } from '../deps';
import { writeOrder } from '../orders';
import { currentTime } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { Actor } from '../shared/http/actor';
import { inTransaction } from '../shared/jobs';
import { fromMilli, toMilli } from '../shared/quantity';
import { todayIso } from '../shared/time';
import { appendEvent, lockCase, updateCase } from './cases.repository';
import * as repo from './replacement.repository';

/**
 * Re-confirmation serves orders by the account's promise_priority plus the order's boost:
 * this is larger than any account priority, so a replacement is served before ordinary orders.
 */
export const REPLACEMENT_BOOST = 1_000_000;

/** Thrown inside the transaction to roll the order back when another run replaced the RMA first. */
class AlreadyReplaced extends Error {}

/**
 * A received return with disposition `replace` gets its replacement order through order intake:
 * ATP is checked and what it confirms reserved, as for any order (so it never takes units already
 * promised to others: what ATP cannot cover now stays unconfirmed), requested for today, from the
 * sites the returned lines shipped from, and boosted ahead of ordinary orders in re-confirmation.
 * Once per RMA: the order and the RMA's claim on it commit together. Returns the orders taken.
 */
export async function orderReplacements(deps: Deps, now = currentTime()): Promise<string[]> {
  const taken: string[] = [];
  for (const rma of await repo.findPendingReplacements(deps.db)) {
    const lines = await repo.findReplacementLines(deps.db, rma.rma_id);
    if (!lines.length) continue;
    // The service user who authorized the return takes the order; the system when none is known.
    const actor: Actor = {
      userId: rma.created_by ?? '',
      email: '',
      role: 'service',
      accountId: null,
      via: 'token',
    };
    const at = now.toISOString();
    try {
      const orderId = await inTransaction(deps, async (trx, publish) => {
        const order = await writeOrder(
          trx,
          publish,
          actor,
          {
            accountId: rma.account_id,
            customerPo: rma.rma_number,
            lines: lines.map((l) => ({
              sku: l.sku,
              quantity: fromMilli(toMilli(l.quantity)),
              requestedDate: todayIso(now),
              site: l.site_code,
            })),
          },
          lines.map((l) => l.site_code),
          { promiseBoost: REPLACEMENT_BOOST, reason: `replacement for ${rma.rma_number}` },
        );
        if (!(await repo.claimReplacement(trx, rma.rma_id, order.orderId, at))) throw new AlreadyReplaced();
        if (!(await lockCase(trx, { kind: 'all' }, rma.case_id)))
          throw new AppError('not_found', 'Case not found');
        await appendEvent(trx, {
          case_id: rma.case_id,
          at,
          kind: 'replacement_ordered',
          actor_id: null,
          internal: false,
          body: null,
          from_value: null,
          to_value: order.orderId,
          detail: `${order.number} replaces ${rma.rma_number} (${order.status})`,
        });
        await updateCase(trx, rma.case_id, { updated_at: at });
        return order.orderId;
      });
      taken.push(orderId);
    } catch (error) {
      if (!(error instanceof AlreadyReplaced)) throw error;
    }
  }
  return taken;
}
