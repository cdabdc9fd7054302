import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations';
import { rebuildDailySums } from '../../src/erp/daily-sums.repository';
import { createDb } from '../../src/shared/db/knex';
import { migrateLatest, migrationConfig } from '../../src/shared/db/migrate';
import { toMilli } from '../../src/shared/quantity';
import { addDays, nowIso, todayIso } from '../../src/shared/time';
import { createAccount } from '../support/factories';
import { createRunDatabase, dropRunDatabase, runDatabaseName } from '../support/test-database';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

async function sumsOf(db: Knex, table: string): Promise<Array<[string, string, string, number]>> {
  const rows = (await db(table)
    .orderBy(['sku', 'site_code', 'due_date'])
    .select('sku', 'site_code', 'due_date', 'open_qty')) as Array<{
    sku: string;
    site_code: string;
    due_date: string;
    open_qty: string | number;
  }>;
  return rows.map((r) => [r.sku, r.site_code, r.due_date, toMilli(r.open_qty)]);
}

describe('migration 009 fills the daily sums from the ERP rows there are', () => {
  test('open rows are summed per sku, site and day; closed and empty rows and demand naming a line are left out, as today’s rebuild leaves them', async () => {
    const base = process.env.TEST_BASE_DATABASE_URL || undefined;
    const url = await createRunDatabase(base, `${runDatabaseName()}_m9`);
    const db = createDb(url);
    try {
      const before = MIGRATIONS.filter(([name]) => name < '20261202_009');
      await db.migrate.latest({
        ...migrationConfig,
        migrationSource: { ...migrationConfig.migrationSource!, getMigrations: async () => [...before] },
      });
      const account = await createAccount(db);
      const now = nowIso();
      const orderId = '00000000-0000-4000-8000-00000000a009';
      await db('orders').insert({
        id: orderId,
        number: 'SO-M9',
        account_id: account.id,
        customer_po: null,
        site_code: 'P1',
        ship_complete: false,
        status: 'confirmed',
        created_by: null,
        created_at: now,
        updated_at: now,
      });
      await db('order_lines').insert({
        id: '00000000-0000-4000-8000-00000000b009',
        order_id: orderId,
        line_no: 1,
        sku: 'M9',
        site_code: 'P1',
        quantity: '4',
        requested_date: day(3),
        confirmed_date: day(3),
        date_source: 'stock',
        new_supply: '0',
        erp_ref: 'SO-M9/1',
        open: true,
        slipped_at: null,
        slip_reason: null,
      });
      const supply = (ref: string, date: string, qty: string, closedAt: string | null = null) => ({
        ref,
        kind: 'production',
        sku: 'M9',
        site_code: 'P1',
        open_qty: qty,
        due_date: date,
        status: null,
        row_hash: ref,
        closed_at: closedAt,
        updated_at: now,
      });
      await db('erp_supply').insert([
        supply('S1', day(2), '3'),
        supply('S2', day(2), '2.5'),
        supply('S3', day(5), '7', now),
        supply('S4', day(6), '0'),
        supply('S5', day(8), '1.125'),
      ]);
      const demand = (ref: string, date: string, qty: string, crmRef: string | null) => ({
        ref,
        sku: 'M9',
        site_code: 'P1',
        open_qty: qty,
        due_date: date,
        erp_customer_id: null,
        crm_order_ref: crmRef,
        row_hash: ref,
        closed_at: null,
        updated_at: now,
      });
      await db('erp_demand').insert([
        demand('D1', day(3), '4', 'SO-M9/1'),
        demand('D2', day(3), '1', null),
        demand('D3', day(3), '2', 'SO-ELSEWHERE/1'),
        demand('D4', day(4), '6', null),
      ]);

      await migrateLatest(db);
      const supplySums = await sumsOf(db, 'erp_supply_daily');
      const demandSums = await sumsOf(db, 'erp_demand_daily');
      expect(supplySums).toEqual([
        ['M9', 'P1', day(2), 5500],
        ['M9', 'P1', day(8), 1125],
      ]);
      // D1 is line SO-M9/1's own confirmation, counted from the line.
      expect(demandSums).toEqual([
        ['M9', 'P1', day(3), 3000],
        ['M9', 'P1', day(4), 6000],
      ]);

      await rebuildDailySums(db, 'erp_supply');
      await rebuildDailySums(db, 'erp_demand');
      expect(await sumsOf(db, 'erp_supply_daily')).toEqual(supplySums);
      expect(await sumsOf(db, 'erp_demand_daily')).toEqual(demandSums);
    } finally {
      await db.destroy();
      await dropRunDatabase(base, url);
    }
  });
});
