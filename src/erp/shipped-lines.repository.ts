import type { Knex } from 'knex';

/**
 * The shipped quantity of every order line a run's shipments name (by order number and line
 * number), summed over all of that line's shipments so far: a shipment sent again, or corrected,
 * gives the same sum. Only the lines this run's staged rows name are written.
 */
export async function applyShipmentsToLines(trx: Knex, stg: string): Promise<void> {
  const shippedSoFar = trx('erp_shipments as s')
    .join('orders as o', 'o.number', 's.order_ref')
    .whereRaw('?? = ??', ['o.id', 'order_lines.order_id'])
    .whereRaw('?? = ??', ['s.order_line_no', 'order_lines.line_no'])
    .select(trx.raw('coalesce(sum(??), 0)', ['s.quantity']));
  const namedInRun = trx(`${stg} as g`)
    .join('orders as o2', 'o2.number', 'g.order_ref')
    .where('g.bad', 0)
    .whereRaw('?? = ??', ['o2.id', 'order_lines.order_id'])
    .whereRaw('?? = ??', ['g.order_line_no', 'order_lines.line_no'])
    .select(trx.raw('1'));
  await trx('order_lines').whereExists(namedInRun).update({ shipped_qty: shippedSoFar });
}
