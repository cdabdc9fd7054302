import type { Knex } from 'knex';

const QTY = [18, 3] as const;

/**
 * What the ERP has shipped of each order line (the sum of its shipments), kept by the sync as the
 * shipments arrive. A line reserves only what is still to ship: the shipped part has already left
 * the ERP's stock, and reserving it too would count it twice against the next customer's promise.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('order_lines', (t) => {
    t.decimal('shipped_qty', ...QTY)
      .notNullable()
      .defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('order_lines', (t) => t.dropColumn('shipped_qty'));
}
