import type { LinePromise } from '../atp';
import { milliText, toMilli } from '../shared/quantity';
import { todayOf, type Planning } from './reconfirm-plan';
import type { OpenLineRow } from './reconfirm.repository';

const KIND: Record<string, string> = {
  production: 'production order',
  purchase: 'purchase order',
  transfer: 'transfer',
};
const qty = (v: string | number | null): string => milliText(v === null ? 0 : toMilli(v));

/** What a run changed, by sku and site: built once, so explaining a line does not scan all supply. */
const changesByRun = new WeakMap<
  Planning,
  Map<string, { supply: Planning['changedSupply']; stock: Planning['stock'] }>
>();

function changesOf(plan: Planning, runId: string, sku: string, site: string) {
  let index = changesByRun.get(plan);
  if (!index) {
    index = new Map();
    const at = (k: string) => index!.get(k) ?? index!.set(k, { supply: [], stock: [] }).get(k)!;
    for (const s of plan.changedSupply)
      if (s.changed_run_id === runId) at(`${s.sku}\u0001${s.site_code}`).supply.push(s);
    for (const s of plan.stock)
      if (s.changed_run_id === runId) at(`${s.sku}\u0001${s.site_code}`).stock.push(s);
    changesByRun.set(plan, index);
  }
  return index.get(`${sku}\u0001${site}`) ?? { supply: [], stock: [] };
}

/** Says, in a planner's words, what changed under a promise: the ERP rows the last sync moved. */
export function explainSlip(line: OpenLineRow, p: LinePromise, plan: Planning, runId: string | null): string {
  const parts: string[] = [];
  if (line.confirmed_date && line.confirmed_date < todayOf(plan, line.site_code))
    parts.push(`the promised date ${line.confirmed_date} passed without shipment`);
  const changed = runId ? changesOf(plan, runId, line.sku, line.site_code) : { supply: [], stock: [] };
  for (const s of changed.supply) {
    const what = `${KIND[s.kind] ?? s.kind} ${s.ref}`;
    if (s.closed_at) parts.push(`${what} is no longer open in the ERP`);
    else if (s.prev_due_date && s.prev_due_date !== s.due_date)
      parts.push(`${what} moved from ${s.prev_due_date} to ${s.due_date}`);
    if (!s.closed_at && s.prev_open_qty !== null && toMilli(s.prev_open_qty) > toMilli(s.open_qty))
      parts.push(`${what} reduced from ${qty(s.prev_open_qty)} to ${qty(s.open_qty)}`);
  }
  for (const s of changed.stock) {
    if (s.prev_on_hand !== null && toMilli(s.prev_on_hand) > toMilli(s.on_hand)) {
      parts.push(`stock at ${s.site_code} reduced from ${qty(s.prev_on_hand)} to ${qty(s.on_hand)}`);
    }
  }
  if (!parts.length)
    parts.push(
      p.confirmedDate === null
        ? 'supply no longer covers the line within the horizon'
        : 'supply or demand changed in the ERP, or orders served first took the available quantity',
    );
  const outcome =
    p.confirmedDate === null
      ? 'no date can be confirmed now'
      : `now confirmed for ${p.confirmedDate} (was ${line.confirmed_date ?? 'unconfirmed'})`;
  return `${parts.join('; ')}: ${outcome}`.slice(0, 1000);
}
