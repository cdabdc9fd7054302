import type { Knex } from 'knex';
import { dialectOf } from '../src/shared/db/knex';

/**
 * PostgreSQL: free room on every order_lines page for new versions of its rows. Re-confirmation
 * rewrites the promise of a large share of the open lines each night, in columns no index covers
 * (confirmed_date, date_source, new_supply, slipped_at, slip_reason); on a full page each new
 * version lands on another page and every index of the table gets a new entry. With the room, most
 * stay on their page as heap-only (HOT) updates, without index writes. 80: at 90 only a third of a
 * night's updates stayed on their page (a slipped line's row grows by its reason), at 70 all of
 * them, for a third more table than at 80. It applies to pages written from now on.
 * SQLite updates rows in place, and SQL Server's fill factor belongs to indexes: nothing to do there.
 */
export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') await knex.raw('alter table ?? set (fillfactor = 80)', ['order_lines']);
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') await knex.raw('alter table ?? reset (fillfactor)', ['order_lines']);
}
