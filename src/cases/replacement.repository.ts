import type { Knex } from 'knex';

/** The SQL of replacement orders for returns with disposition `replace`. */

export interface PendingReplacementRow {
  rma_id: string;
  rma_number: string;
  case_id: string;
  account_id: string;
  created_by: string | null;
}

/** Received returns to be replaced that have no replacement order yet. */
export async function findPendingReplacements(db: Knex): Promise<PendingReplacementRow[]> {
  return db('rmas as r')
    .join('cases as c', 'c.id', 'r.case_id')
    .where({ 'r.disposition': 'replace', 'r.status': 'received' })
    .whereNull('r.replacement_order_id')
    .orderBy('r.rma_number')
    .select('r.id as rma_id', 'r.rma_number', 'r.case_id', 'c.account_id', 'r.created_by');
}

export interface ReplacementLineRow {
  line_no: number;
  sku: string;
  quantity: string | number;
  site_code: string;
}

/** The RMA's lines with the site the returned order line shipped from. */
export async function findReplacementLines(db: Knex, rmaId: string): Promise<ReplacementLineRow[]> {
  return db('rma_lines as rl')
    .join('order_lines as ol', (j) =>
      j.on('ol.order_id', 'rl.order_id').andOn('ol.line_no', 'rl.order_line_no'),
    )
    .where('rl.rma_id', rmaId)
    .orderBy('rl.line_no')
    .select('rl.line_no', 'rl.sku', 'rl.quantity', 'ol.site_code');
}

/** The claim: only the first transaction to name a replacement order commits one. */
export async function claimReplacement(
  trx: Knex,
  rmaId: string,
  orderId: string,
  now: string,
): Promise<boolean> {
  const n = await trx('rmas')
    .where('id', rmaId)
    .whereNull('replacement_order_id')
    .update({ replacement_order_id: orderId, updated_at: now });
  return n > 0;
}
