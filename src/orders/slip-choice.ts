import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { Promiser } from '../atp';
import { writeAudit } from '../shared/audit.repository';
import { AppError, notFound } from '../shared/errors';
import { accountScopeOf, Actor } from '../shared/http/actor';
import { inTransaction } from '../shared/jobs';
import { milliText, toMilli } from '../shared/quantity';
import { nowIso, pickLaterDate } from '../shared/time';
import { OrderChanged } from '../shared/events';
import { buyerDate, buyerReason } from './buyer-words';
import { getOrder } from './orders.service';
import * as repo from './orders.repository';
import { recordKeptPromise, recordPromises, releasePromise } from './promise-ledger';

export const SLIP_CHOICES = ['wait', 'split', 'cancel'] as const;
export type SlipChoice = (typeof SLIP_CHOICES)[number];

/** Orders whose lines may still change (as for a line change). */
const CHANGEABLE = ['draft', 'confirmed', 'in_production'];

/** A slipped line waits for the customer's answer until one is given after its latest slip. */
export function awaitsChoice(
  line: Pick<repo.OrderLineRow, 'slipped_at' | 'slip_chosen_at' | 'open'>,
): boolean {
  return (
    Boolean(line.open) &&
    line.slipped_at !== null &&
    (line.slip_chosen_at == null || line.slip_chosen_at < line.slipped_at)
  );
}

/**
 * The promise before the slip: the version the latest slip replaced. Re-confirmation writes the
 * slip's version at the very timestamp it flags the line with.
 */
export function dateBeforeSlip(ledger: repo.LedgerRow[], slippedAt: string): string | null {
  const versions = [...ledger].sort((a, b) => Number(a.version) - Number(b.version));
  const slip = versions.findLastIndex((v) => v.at === slippedAt);
  return slip > 0 ? versions[slip - 1]!.confirmed_date : null;
}

/**
 * The customer's answer to a slipped promise: wait (keep the new date), split (what ATP can
 * confirm on the date promised before — today if that passed — on that date, the rest on the
 * first date ATP covers it, which is the new date unless supply changed meanwhile), or cancel the
 * line (its reservation is released). Each is a ledger version by the customer. On a ship-complete
 * order a split is the customer giving up shipping that line complete: it is the case where it
 * matters most, since re-confirmation keeps such lines whole on the latest date. Under the sku's
 * ATP lock, as intake, so a racing order never gets the same units.
 */
export async function chooseOnSlip(
  deps: Deps,
  actor: Actor,
  id: string,
  lineNo: number,
  input: { choice: SlipChoice; note?: string | undefined },
) {
  const now = nowIso();
  const scope = accountScopeOf(actor);
  let outcome = '';
  await inTransaction(deps, async (trx, publish) => {
    if (!(await repo.lockOrder(trx, scope, id, CHANGEABLE, now))) {
      const order = await repo.findOrder(trx, scope, id);
      if (!order) throw notFound('Order');
      throw new AppError('illegal_state', `The lines of a ${order.status} order cannot change`);
    }
    const line = (await repo.findLines(trx, [id])).find((l) => Number(l.line_no) === lineNo);
    if (!line) throw notFound('Order line');
    if (line.slipped_at && line.slip_chosen_at && line.slip_chosen_at >= line.slipped_at)
      throw new AppError(
        'illegal_state',
        `A choice was already made for line ${lineNo} (${line.slip_choice}) since its date moved`,
      );
    if (!awaitsChoice(line))
      throw new AppError('illegal_state', `Line ${lineNo} has not slipped: there is nothing to choose`);
    const before = dateBeforeSlip(await repo.findLedger(trx, [line.id]), line.slipped_at!);
    const note = input.note ? `: ${input.note}` : '';
    const change = (reason: string) => ({
      changedBy: 'customer' as const,
      actorId: actor.userId,
      reason,
      at: now,
    });
    if (input.choice === 'wait') {
      await recordKeptPromise(trx, line, change(`customer chose to wait for ${line.confirmed_date}${note}`));
      outcome = `You will receive line ${lineNo} on ${buyerDate(line.confirmed_date)}.`;
    } else if (input.choice === 'cancel') {
      await releasePromise(trx, line, change(`customer cancelled the line after its date moved${note}`));
      outcome = `Line ${lineNo} is cancelled; nothing more of it will be delivered or invoiced.`;
    } else {
      outcome = await split(trx, line, before, change, note);
    }
    await repo.updateLine(trx, line.id, { slip_choice: input.choice, slip_chosen_at: now });
    await writeAudit(trx, {
      actor,
      action: 'order.slip_choice',
      entity: 'order',
      entityId: id,
      detail: { lineNo, choice: input.choice, ...(input.note && { note: input.note }) },
    });
    publish(OrderChanged, { orderId: id });
  });
  const order = await getOrder(deps.db, actor, id);
  return { ...order.lines.find((l) => l.lineNo === lineNo)!, outcome };
}

async function split(
  trx: Knex,
  line: repo.OrderLineRow,
  before: string | null,
  change: (reason: string) => { changedBy: 'customer'; actorId: string; reason: string; at: string },
  note: string,
): Promise<string> {
  await repo.lockSkus(trx, [line.sku]);
  // Released first: the line is promised again against supply without its own reservation.
  await repo.deleteConfirmations(trx, [line.id]);
  await repo.deleteCapacityBookings(trx, [line.id]);
  const promiser = new Promiser(trx);
  const today = (await promiser.picture(line.sku, line.site_code)).today;
  const first = pickLaterDate(before ?? today, today);
  const toShip = Math.max(0, toMilli(line.quantity) - toMilli(line.shipped_qty ?? 0));
  const promise = await promiser.promiseLine(line.sku, line.site_code, {
    qty: toShip,
    requestedDate: first,
    allowPartial: true,
  });
  const early = promise.confirmations.find((c) => c.date === first)?.qty ?? 0;
  await recordPromises(trx, [
    {
      line,
      promise,
      change: change(
        `customer chose to split: ${milliText(early)} on ${first}, the rest on ${promise.confirmedDate ?? 'no date yet'}${note}`,
      ),
      // Still the same slip: the flag stays, the choice is recorded beside it.
      slip: { at: line.slipped_at!, reason: line.slip_reason ?? '' },
    },
  ]);
  const rest = toShip - early;
  if (early === 0)
    return `Nothing of line ${line.line_no} can ship earlier: all ${milliText(toShip)} arrive on ${buyerDate(promise.confirmedDate)}.`;
  if (rest === 0) return `All ${milliText(toShip)} of line ${line.line_no} ship on ${buyerDate(first)}.`;
  return `Line ${line.line_no} is split: ${milliText(early)} ship on ${buyerDate(first)}, the other ${milliText(rest)} on ${buyerDate(promise.confirmedDate)}.`;
}

/** What the buyer is told of a slipped line: the new date and why, in its own words. */
export function slipNotice(
  line: Pick<repo.OrderLineRow, 'line_no' | 'confirmed_date' | 'slip_reason'>,
): string {
  return `Line ${line.line_no} will now be ready on ${buyerDate(line.confirmed_date)}, because ${buyerReason(line.slip_reason)}.`;
}
