import type { Knex } from 'knex';
import type { RiskLineRow } from './risk.repository';

/** The planner's notes on lines at risk (risk_line_notes) and the one stored score an action is taken on. */
export interface RiskNoteRow {
  id: string;
  order_id: string;
  line_no: number;
  body: string;
  author_id: string;
  created_at: string;
}

export async function insertRiskNote(db: Knex, row: RiskNoteRow): Promise<void> {
  await db('risk_line_notes').insert(row);
}

/** The notes of the orders given (a page's lines: at most a page's worth of orders), newest first, with their authors' e-mails. */
export async function findRiskNotes(
  db: Knex,
  orderIds: readonly string[],
): Promise<Array<RiskNoteRow & { author_email: string | null }>> {
  if (!orderIds.length) return [];
  return db('risk_line_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .whereIn('n.order_id', [...new Set(orderIds)])
    .select('n.*', { author_email: 'u.email' })
    .orderBy([
      { column: 'n.created_at', order: 'desc' },
      { column: 'n.id', order: 'desc' },
    ]);
}

/** A line's stored score, when the line is open (a recompute keeps exactly the open lines). */
export async function findRiskLine(
  db: Knex,
  orderId: string,
  lineNo: number,
): Promise<RiskLineRow | undefined> {
  return db('risk_lines').where({ order_id: orderId, line_no: lineNo }).first();
}
