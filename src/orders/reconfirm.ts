import type { Deps } from '../deps';
import { inTransaction, publishAfterCommit } from '../shared/jobs';
import { nowIso } from '../shared/time';
import { OrderSlipped, OrdersReconfirmed } from '../shared/events';
import { PromiseRecord, recordPromises } from './promise-ledger';
import * as rc from './reconfirm.repository';
import { decideBySite, groupOf, skusToDecide, type Decision } from './reconfirm-decide';
import { loadPlanning, push, siteTodays } from './reconfirm-plan';
import { explainSlip } from './slip-reasons';
import { findSkusOfAccounts } from './allocation.repository';
import { improvingAccounts } from './reconfirm-allocate';

export interface ReconfirmResult {
  checked: number;
  moved: number;
  slipped: number;
}

/**
 * After every ERP sync: open lines are re-checked against the new supply in priority order. A
 * line keeps its promise while it still can; otherwise it gets a new one, with the reason, in the
 * ledger, and a later date flags it as slipped. Decided on two bulk reads (every line narrow, the
 * lines of pictures where a promise may not stand in full), then written per group under the
 * skus' ATP locks; a group where an order arrived meanwhile is decided again inside its lock.
 * Running it twice on the same data changes nothing the second time.
 */
export async function reconfirmOpenLines(deps: Deps, runId: string | null): Promise<ReconfirmResult> {
  const { db } = deps;
  const todays = await siteTodays(db);
  // Every open line, narrow; then in full only those of pictures where a promise may not stand.
  // The skus' ATP versions are read between the two: an order taken after the narrow read is in
  // the full one, and one taken after the versions moves its sku's version past them.
  const held = await rc.findHeldLines(db);
  const skus = [...new Set(held.map((l) => l.sku))];
  const plan = await loadPlanning(db, held, skus, runId, todays, true);
  const toDecide = skusToDecide(plan, held);
  for (const sku of await findSkusOfAccounts(db, improvingAccounts(plan))) toDecide.add(sku);
  const lines = toDecide.size ? await rc.findOpenLines(db, [...toDecide]) : [];
  const decisions = decideBySite(plan, lines);
  const decided = new Map<string, Decision[]>();
  for (const d of decisions) push(decided, groupOf(plan, d.line), d);
  // The skus of every changed group: an item's group is its own sku; a make family's, every sku
  // of that family with open lines at the site, found in one pass only when such a group changed.
  const skusOf = new Map([...decided].map(([g, ds]) => [g, new Set(ds.map((d) => d.line.sku))]));
  if ([...decided.keys()].some((g) => g.startsWith('F:')))
    for (const l of held) skusOf.get(groupOf(plan, l))?.add(l.sku);
  // One transaction for every changed group: the skus' ATP locks in sorted order (no cycles), one
  // bulk version check; a group where an order arrived meanwhile is decided again inside the lock.
  const changedSkus = [...new Set([...decided.keys()].flatMap((g) => [...skusOf.get(g)!]))];
  const records: PromiseRecord[] = [];
  const slippedOrders = new Set<string>();
  if (changedSkus.length) {
    await inTransaction(deps, async (trx, publish) => {
      await rc.lockSkusInOrder(trx, changedSkus);
      // Our own lock bumped each version by one; more means an order changed the sku meanwhile.
      const fresh = new Map(
        (await rc.findAtpVersions(trx, changedSkus)).map((v) => [v.sku, Number(v.atp_version)]),
      );
      const now = nowIso();
      for (const [group, groupDecided] of decided) {
        const groupSkus = [...skusOf.get(group)!];
        const unchanged = groupSkus.every((sku) => fresh.get(sku) === (plan.versions.get(sku) ?? 0) + 1);
        const groupLines = unchanged ? [] : await rc.findOpenLines(trx, groupSkus);
        const groupPlan = unchanged ? plan : await loadPlanning(trx, groupLines, groupSkus, runId, todays);
        const groupDecisions = unchanged ? groupDecided : decideBySite(groupPlan, groupLines);
        for (const { line, promise: p, reason: because, fulfilled } of groupDecisions) {
          const reason = because ?? explainSlip(line, p, groupPlan, runId);
          const later =
            p.confirmedDate === null ||
            (line.confirmed_date !== null && p.confirmedDate > line.confirmed_date);
          if (later) slippedOrders.add(line.order_id);
          records.push({
            line,
            promise: p,
            change: { changedBy: 'reconfirmation', actorId: null, reason, at: now },
            ...(later && { slip: { at: now, reason } }),
            ...(fulfilled && { closes: true }),
          });
        }
      }
      await recordPromises(trx, records);
      if (records.length) publish(OrdersReconfirmed, { runId });
      for (const orderId of slippedOrders) publish(OrderSlipped, { orderId, runId });
    });
  }
  // A sync run's job that moved nothing may be the re-run of one killed between its commit and
  // its publish (bull delivers again; it cannot tell): it announces the run all the same, so the
  // export and the other idempotent followers of orders.reconfirmed happen at least once.
  if (!records.length && runId !== null) await publishAfterCommit(deps, OrdersReconfirmed, { runId });
  const moved = records.length;
  const slipped = records.filter((r) => r.slip).length;
  deps.logger.info(
    { runId, checked: held.length, decidedInFull: lines.length, moved, slipped },
    'open lines re-confirmed',
  );
  return { checked: held.length, moved, slipped };
}
