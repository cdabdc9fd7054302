import type { Knex } from 'knex';
import { toMilli } from '../src/shared/quantity';

/** Lines filled per batch: three parameters each (id and text in the CASE, id in the IN list), within SQL Server's 2,100. */
const LINES_PER_BATCH = 500;

/**
 * Each order line's confirmations, folded into one text column on the line (see
 * held-confirmations.ts): re-confirmation reads every open line each night, and aggregating the
 * confirmations table per line was most of that read on PostgreSQL. Existing lines are filled
 * from the table, a batch of lines at a time, in portable SQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('order_lines', (t) => {
    t.text('held_confirmations');
  });
  let after = '';
  for (;;) {
    const ids = (
      await knex('order_line_confirmations')
        .distinct('order_line_id')
        .where('order_line_id', '>', after)
        .orderBy('order_line_id')
        .limit(LINES_PER_BATCH)
    ).map((r: { order_line_id: string }) => r.order_line_id);
    if (!ids.length) return;
    const rows = (await knex('order_line_confirmations')
      .whereIn('order_line_id', ids)
      .select('order_line_id', 'date', 'quantity')) as Array<{
      order_line_id: string;
      date: string;
      quantity: string | number;
    }>;
    const byLine = new Map<string, Array<{ date: string; qty: number }>>();
    for (const r of rows)
      (byLine.get(r.order_line_id) ?? byLine.set(r.order_line_id, []).get(r.order_line_id)!).push({
        date: r.date,
        qty: toMilli(r.quantity),
      });
    // One UPDATE per batch, each line's text picked by a CASE on its id.
    const folded = [...byLine].flatMap(([id, held]) => [id, foldConfirmations(held)]);
    await knex('order_lines')
      .whereIn('id', [...byLine.keys()])
      .update({
        held_confirmations: knex.raw(`case ?? ${'when ? then ? '.repeat(byLine.size)}end`, ['id', ...folded]),
      });
    after = ids.at(-1)!;
  }
}

/**
 * The folded text as src/orders/held-confirmations.ts wrote it when this migration was written
 * (`date:thousandths` pairs in date order, comma-separated, null for none), copied so a later
 * change there never changes what a fresh install fills in here.
 */
function foldConfirmations(confirmations: ReadonlyArray<{ date: string; qty: number }>): string | null {
  if (!confirmations.length) return null;
  const sorted =
    confirmations.length > 1
      ? [...confirmations].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      : confirmations;
  return sorted.map((c) => `${c.date}:${c.qty}`).join(',');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('order_lines', (t) => t.dropColumn('held_confirmations'));
}
