import type { Knex } from 'knex';

/** The SQL behind root causes: a case's cause and resolution, and the counts of the Pareto and the rates. */

export async function setCaseCause(trx: Knex, caseId: string, causeCode: string, at: string): Promise<void> {
  await trx('cases').where({ id: caseId }).update({ cause_code: causeCode, updated_at: at });
}

export async function setCaseResolution(trx: Knex, caseId: string, resolution: string): Promise<void> {
  await trx('cases').where({ id: caseId }).update({ resolution });
}

export async function findCaseKnowledge(
  db: Knex,
  caseId: string,
): Promise<{ cause_code: string | null; resolution: string | null } | undefined> {
  return db('cases').where({ id: caseId }).first('cause_code', 'resolution');
}

export interface ComplaintFilter {
  /** Opening time bounds, ISO: from inclusive, to exclusive. */
  from: string;
  to: string;
  family?: string;
  accountId?: string;
}

/** A complaint's family is its order line's item's; a complaint on no line has none. */
function complaints(db: Knex, f: ComplaintFilter) {
  const q = db('cases as c')
    .leftJoin('order_lines as l', (j) => j.on('l.order_id', 'c.order_id').andOn('l.line_no', 'c.line_no'))
    .leftJoin('items as i', 'i.sku', 'l.sku')
    .where('c.type', 'complaint')
    .where('c.created_at', '>=', f.from)
    .where('c.created_at', '<', f.to);
  if (f.family) q.where('i.family', f.family);
  if (f.accountId) q.where('c.account_id', f.accountId);
  return q;
}

/** Closed complaints with a cause, counted by cause (the Pareto's bars). */
export async function countComplaintsByCause(
  db: Knex,
  f: ComplaintFilter,
): Promise<Array<{ cause_code: string; label: string; n: number | string }>> {
  return complaints(db, f)
    .join('cause_codes as k', 'k.code', 'c.cause_code')
    .where('c.status', 'closed')
    .groupBy('c.cause_code', 'k.label')
    .select('c.cause_code', 'k.label')
    .count({ n: '*' });
}

/** Every complaint opened in the period, by family (any status: a complaint counts when it is made). */
export async function countComplaintsByFamily(
  db: Knex,
  f: ComplaintFilter,
): Promise<Array<{ family: string | null; n: number | string }>> {
  return complaints(db, f).groupBy('i.family').select('i.family').count({ n: '*' });
}

/**
 * Order lines shipped in [fromDate, toDate] (YYYY-MM-DD) by family: a line with several shipments
 * in the period counts once. The distinct lines are taken first, since SQL Server has no
 * count(distinct a, b).
 */
export async function countShippedLinesByFamily(
  db: Knex,
  fromDate: string,
  toDate: string,
): Promise<Array<{ family: string | null; n: number | string }>> {
  const lines = db('erp_shipments as s')
    .leftJoin('items as i', 'i.sku', 's.sku')
    .whereBetween('s.ship_date', [fromDate, toDate])
    .distinct('s.order_ref', 's.order_line_no', 'i.family')
    .as('x');
  return db.from(lines).groupBy('x.family').select('x.family').count({ n: '*' });
}
