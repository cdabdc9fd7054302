import type { Knex } from 'knex';

/** The SQL behind the service figures: each case's facts, its timeline counted in one grouped pass. */

export interface CaseFactsRow {
  assignee_id: string | null;
  created_at: string;
  resolved_at: string | null;
  status: string;
  breached: boolean | number;
  staff_replies: number | string | null;
  customer_replies: number | string | null;
  reopens: number | string | null;
}

/**
 * Cases opened or resolved in [from, to) (ISO bounds) and every case still open (the backlog),
 * with their public staff replies, customer replies and reopenings (resolved → open) counted.
 */
export async function findCaseFacts(db: Knex, from: string, to: string): Promise<CaseFactsRow[]> {
  const counts = db('case_events')
    .select('case_id')
    .select(
      db.raw('sum(case when ?? = ? and ?? = ? and ?? = ? then 1 else 0 end) as ??', [
        'kind',
        'message',
        'detail',
        'staff',
        'internal',
        false,
        'staff_replies',
      ]),
      db.raw('sum(case when ?? = ? and ?? = ? then 1 else 0 end) as ??', [
        'kind',
        'message',
        'detail',
        'customer',
        'customer_replies',
      ]),
      db.raw('sum(case when ?? = ? and ?? = ? and ?? = ? then 1 else 0 end) as ??', [
        'kind',
        'status_changed',
        'from_value',
        'resolved',
        'to_value',
        'open',
        'reopens',
      ]),
    )
    .groupBy('case_id')
    .as('e');
  return db('cases as c')
    .leftJoin(counts, 'e.case_id', 'c.id')
    .where((w) =>
      w
        .where((x) => x.where('c.created_at', '>=', from).where('c.created_at', '<', to))
        .orWhere((x) => x.where('c.resolved_at', '>=', from).where('c.resolved_at', '<', to))
        .orWhereNotIn('c.status', ['resolved', 'closed']),
    )
    .select(
      'c.assignee_id',
      'c.created_at',
      'c.resolved_at',
      'c.status',
      'c.breached',
      'e.staff_replies',
      'e.customer_replies',
      'e.reopens',
    );
}

/** Team members' names (their name, else their e-mail) for the page and the workbook. */
export async function findUserNames(db: Knex, ids: readonly string[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; name: string | null; email: string }> = ids.length
    ? await db('users').whereIn('id', ids).select('id', 'name', 'email')
    : [];
  return new Map(rows.map((r) => [r.id, r.name || r.email]));
}
