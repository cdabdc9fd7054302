import { currentTime } from '../shared/clock';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Deps } from '../deps';
import { exportRmaOut, type RmaOutRow } from '../erp';
import { AppError, type ErrorDetail, notFound } from '../shared/errors';
import { ALL_ACCOUNTS, type Actor } from '../shared/http/actor';
import { RmaAuthorized } from '../shared/events';
import { inTransaction } from '../shared/jobs';
import { fromMilli, milliText, toMilli } from '../shared/quantity';
import { nextNumber } from '../shared/sequences.repository';
import * as cases from './cases.repository';
import type { NewRma, RmaView } from './cases.schemas';
import * as repo from './rma.repository';
import { orderReplacements } from './replacement.service';

/**
 * Authorizes a return on a case: each line names a shipped order line of the case's account, and
 * what is authorized of a line over all its RMAs never exceeds what shipped of it (else 422,
 * nothing written). The order lines are locked first, in a fixed order, so two authorizations of
 * the same line serialize.
 */
export async function authorizeRma(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: NewRma,
  now = currentTime(),
): Promise<{ rmaNumber: string }> {
  const at = now.toISOString();
  const rmaNumber = await inTransaction(deps, async (trx, publish) => {
    const row = await cases.lockCase(trx, ALL_ACCOUNTS, caseId);
    if (!row) throw notFound('Case');
    const wanted = new Map<string, { orderId: string; lineNo: number; milli: number; paths: string[] }>();
    input.lines.forEach((l, i) => {
      const key = `${l.orderId}/${l.lineNo}`;
      const w = wanted.get(key) ?? { orderId: l.orderId, lineNo: l.lineNo, milli: 0, paths: [] };
      w.milli += toMilli(l.quantity);
      w.paths.push(`/lines/${i}`);
      wanted.set(key, w);
    });
    const problems: ErrorDetail[] = [];
    const skus = new Map<string, string>();
    for (const key of [...wanted.keys()].sort()) {
      const w = wanted.get(key)!;
      const line = await repo.lockShippedLine(trx, w.orderId, w.lineNo);
      if (!line || line.account_id !== row.account_id) {
        for (const p of w.paths)
          problems.push({ path: p, message: "is not an order line of the case's account" });
        continue;
      }
      skus.set(key, line.sku);
      const open =
        toMilli(line.shipped_qty) - toMilli(await repo.authorizedQuantity(trx, w.orderId, w.lineNo));
      if (w.milli > open)
        for (const p of w.paths)
          problems.push({
            path: `${p}/quantity`,
            message: `exceeds what shipped less what was already authorized (${milliText(Math.max(0, open))})`,
          });
    }
    if (problems.length) throw new AppError('business_rule', 'The return cannot be authorized', problems);

    const number = await nextNumber(trx, 'rma', 'RMA');
    const id = crypto.randomUUID();
    await repo.insertRma(
      trx,
      {
        id,
        rma_number: number,
        case_id: caseId,
        disposition: input.disposition,
        status: 'authorized',
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      },
      input.lines.map((l, i) => ({
        rma_id: id,
        line_no: i + 1,
        order_id: l.orderId,
        order_line_no: l.lineNo,
        sku: skus.get(`${l.orderId}/${l.lineNo}`)!,
        quantity: milliText(toMilli(l.quantity)),
        received_quantity: '0',
        reason: l.reason,
      })),
    );
    await cases.appendEvent(trx, {
      case_id: caseId,
      at,
      kind: 'rma_authorized',
      actor_id: actor.userId,
      internal: false,
      body: null,
      from_value: null,
      to_value: null,
      detail: `${number}: ${input.disposition}`,
    });
    await cases.updateCase(trx, caseId, { updated_at: at });
    publish(RmaAuthorized, { caseId, rmaNumber: number });
    return number;
  });
  return { rmaNumber };
}

export async function rmasOfCase(db: Knex, caseId: string): Promise<RmaView[]> {
  const { rmas, lines } = await repo.findRmasOfCase(db, caseId);
  return rmas.map((r) => ({
    rmaNumber: r.rma_number,
    status: r.status as RmaView['status'],
    disposition: r.disposition as RmaView['disposition'],
    createdAt: r.created_at,
    replacementOrderId: r.replacement_order_id ?? null,
    lines: lines
      .filter((l) => l.rma_id === r.id)
      .map((l) => ({
        lineNo: Number(l.line_no),
        orderId: l.order_id,
        orderLineNo: Number(l.order_line_no),
        sku: l.sku,
        quantity: fromMilli(toMilli(l.quantity)),
        receivedQuantity: fromMilli(toMilli(l.received_quantity)),
      })),
  }));
}

// ---------------------------------------------------------------------------------------------
// rma_out and the ERP's returns

/** The picture for rma_out: every RMA line the ERP has yet to receive in full. */
async function readRmaOut(db: Knex): Promise<RmaOutRow[]> {
  return (await repo.findRmaOutRows(db)).map((r) => ({
    rma_number: r.rma_number,
    line_no: Number(r.line_no),
    erp_customer_id: r.erp_customer_id,
    order_number: r.order_number,
    order_line_no: Number(r.order_line_no),
    sku: r.sku,
    quantity: milliText(toMilli(r.quantity)),
    reason: r.reason,
    disposition: r.disposition,
    authorized_at: r.authorized_at,
  }));
}

export const exportRmas = (deps: Deps): Promise<number> => exportRmaOut(deps, () => readRmaOut(deps.db));

const statusOf = (lines: repo.RmaLineRow[]): RmaView['status'] => {
  if (lines.every((l) => toMilli(l.received_quantity) >= toMilli(l.quantity))) return 'received';
  return lines.some((l) => toMilli(l.received_quantity) > 0) ? 'partially_received' : 'authorized';
};

/**
 * After a sync: the ERP's `returns` rows close the RMA lines they name (received quantity = the
 * sum of the rows naming the line, so a row loaded again changes nothing). An RMA whose status
 * moves says so on its case's timeline. Returns the RMAs whose status changed.
 */
export async function applyErpReturns(deps: Deps, now = currentTime()): Promise<number> {
  const changes = (await repo.findReceiptChanges(deps.db)).filter(
    (c) => toMilli(c.erp_received) !== toMilli(c.received_quantity),
  );
  const byRma = new Map<string, repo.ReceiptChangeRow[]>();
  for (const c of changes) byRma.set(c.rma_id, [...(byRma.get(c.rma_id) ?? []), c]);
  let moved = 0;
  const at = now.toISOString();
  for (const [rmaId, lines] of byRma) {
    await deps.db.transaction(async (trx) => {
      const caseRow = await cases.lockCase(trx, ALL_ACCOUNTS, lines[0]!.case_id);
      if (!caseRow) return;
      const before = statusOf(await repo.findRmaLines(trx, rmaId));
      for (const l of lines)
        await repo.setReceived(trx, rmaId, Number(l.line_no), milliText(toMilli(l.erp_received)));
      const after = statusOf(await repo.findRmaLines(trx, rmaId));
      if (after === before) return;
      moved++;
      await repo.setRmaStatus(trx, rmaId, after, at);
      await cases.appendEvent(trx, {
        case_id: caseRow.id,
        at,
        kind: 'rma_received',
        actor_id: null,
        internal: false,
        body: null,
        from_value: before,
        to_value: after,
        detail: lines[0]!.rma_number,
      });
      await cases.updateCase(trx, caseRow.id, { updated_at: at });
    });
  }
  // Lines received in full leave rma_out's picture.
  if (byRma.size) await exportRmas(deps);
  // Also those a failed earlier run left without their replacement.
  await orderReplacements(deps, now);
  return moved;
}
