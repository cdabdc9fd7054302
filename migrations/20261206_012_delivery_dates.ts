import type { Knex } from 'knex';

/**
 * Dates by Incoterm: each order and quote line keeps the transit days of its lane (site → the
 * customer's country, from the ERP's transit_lanes, as found when the line was dated), which date
 * it promises (`ship`, or `arrival` under a D term), and a note saying why a D-term line falls
 * back to its ship date (a missing lane). The line's confirmed / quoted date stays the ship date
 * ATP gave, so reservations and re-confirmation keep working in ship dates; the arrival date is
 * that date plus the transit days.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of ['order_lines', 'quote_lines']) {
    await knex.schema.alterTable(table, (t) => {
      t.integer('transit_days');
      t.string('promised_by', 8).notNullable().defaultTo('ship');
      t.string('date_note', 200);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['quote_lines', 'order_lines']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('date_note');
      t.dropColumn('promised_by');
      t.dropColumn('transit_days');
    });
  }
}
