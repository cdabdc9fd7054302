import type { Knex } from 'knex';
import { toMilli } from '../../src/shared/quantity';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { createAccount, createTestUser } from '../support/factories';
import { placeOrder, bucketsOf } from '../orders/helpers';
import { baseDrop, clearDrop, dataset, resetPlanner, syncNow, Table, writeDrop } from './erp-drop';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

const t = useTestApp({ isolated: true, perTest: true });
beforeEach(() => {
  resetPlanner();
  clearDrop(t.deps.config.erpDropDir);
});

type Sum = { sku: string; site_code: string; due_date: string; qty: number };

/** The daily table's rows, quantities in thousandths. */
async function dailyOf(db: Knex, table: string): Promise<Sum[]> {
  const rows = (await db(table)
    .orderBy(['sku', 'site_code', 'due_date'])
    .select('sku', 'site_code', 'due_date', 'open_qty')) as Array<
    Omit<Sum, 'qty'> & { open_qty: string | number }
  >;
  return rows.map(({ open_qty, ...r }) => ({ ...r, qty: toMilli(open_qty) }));
}

/** The same sums computed here from the ERP rows: open, positive, and for demand naming no FactoryDesk line. */
async function expectedOf(db: Knex, table: 'erp_supply' | 'erp_demand'): Promise<Sum[]> {
  const rows = (await db(table).whereNull('closed_at').select('*')) as Array<{
    sku: string;
    site_code: string;
    due_date: string;
    open_qty: string | number;
    crm_order_ref?: string | null;
  }>;
  const lineRefs = new Set((await db('order_lines').pluck('erp_ref')) as string[]);
  const sums = new Map<string, Sum>();
  for (const r of rows) {
    if (toMilli(r.open_qty) <= 0 || (r.crm_order_ref && lineRefs.has(r.crm_order_ref))) continue;
    const k = `${r.sku}|${r.site_code}|${r.due_date}`;
    const s =
      sums.get(k) ??
      sums.set(k, { sku: r.sku, site_code: r.site_code, due_date: r.due_date, qty: 0 }).get(k)!;
    s.qty += toMilli(r.open_qty);
  }
  return [...sums.values()].sort((a, b) =>
    `${a.sku}|${a.site_code}|${a.due_date}` < `${b.sku}|${b.site_code}|${b.due_date}` ? -1 : 1,
  );
}

const supplyHeader = ['ref', 'kind', 'sku', 'site_code', 'open_qty', 'due_date', 'status'];
const demandHeader = ['ref', 'sku', 'site_code', 'open_qty', 'due_date', 'erp_customer_id', 'crm_order_ref'];

describe('ERP supply and demand summed per day by the sync', () => {
  test('each snapshot rebuilds the sums: receipts on one day add up, a moved, changed or absent row moves its sum, and demand naming a FactoryDesk line stays out', async () => {
    const supply: Table = [
      supplyHeader,
      ['MO-1', 'production', 'V-1', 'P1', '20', day(10), 'firm'],
      ['MO-3', 'production', 'V-1', 'P1', '2.5', day(10), 'firm'],
      ['PR-1', 'purchase', 'S-1', 'P2', '200', day(5), 'released'],
      ['PR-2', 'purchase', 'S-1', 'P2', '0', day(6), 'released'],
    ];
    const demand: Table = [
      demandHeader,
      ['SO-1-10', 'V-1', 'P1', '4', day(1), 'C1', ''],
      ['SO-1-20', 'V-1', 'P1', '1.5', day(1), 'C1', ''],
      ['SO-2-10', 'V-1', 'P1', '7', day(1), 'C2', 'SO-000001/1'],
    ];
    writeDrop(t.deps.config.erpDropDir, { ...baseDrop(), supply, erp_demand: demand });
    await syncNow(t);
    expect(await dailyOf(t.deps.db, 'erp_supply_daily')).toEqual([
      { sku: 'S-1', site_code: 'P2', due_date: day(5), qty: 200_000 },
      { sku: 'V-1', site_code: 'P1', due_date: day(10), qty: 22_500 },
    ]);
    // SO-2-10 names a CRM order no FactoryDesk line has: it counts like the others.
    expect(await dailyOf(t.deps.db, 'erp_demand_daily')).toEqual([
      { sku: 'V-1', site_code: 'P1', due_date: day(1), qty: 12_500 },
    ]);

    // MO-1 moves a week, PR-1 shrinks, MO-3 is gone from the snapshot, SO-1-20 too.
    writeDrop(t.deps.config.erpDropDir, {
      supply: [
        supplyHeader,
        ['MO-1', 'production', 'V-1', 'P1', '20', day(17), 'firm'],
        ['PR-1', 'purchase', 'S-1', 'P2', '150', day(5), 'released'],
        ['PR-2', 'purchase', 'S-1', 'P2', '0', day(6), 'released'],
      ],
      erp_demand: [demandHeader, demand[1]!, demand[3]!],
    });
    const run = await syncNow(t, { datasets: ['supply', 'erp_demand'], force: true });
    expect([dataset(run, 'supply').closed, dataset(run, 'erp_demand').closed]).toEqual([1, 1]);
    expect(await dailyOf(t.deps.db, 'erp_supply_daily')).toEqual([
      { sku: 'S-1', site_code: 'P2', due_date: day(5), qty: 150_000 },
      { sku: 'V-1', site_code: 'P1', due_date: day(17), qty: 20_000 },
    ]);
    expect(await dailyOf(t.deps.db, 'erp_supply_daily')).toEqual(await expectedOf(t.deps.db, 'erp_supply'));
    expect(await dailyOf(t.deps.db, 'erp_demand_daily')).toEqual(await expectedOf(t.deps.db, 'erp_demand'));
  });

  test('availability counts a demand row naming a CRM order only when no FactoryDesk line has that ref, as the rows themselves would', async () => {
    const base = baseDrop();
    writeDrop(t.deps.config.erpDropDir, {
      ...base,
      stock: [base.stock[0]!, ['S-1', 'P1', '100', '0']],
      supply: [supplyHeader],
      erp_demand: [demandHeader],
    });
    await syncNow(t);
    const am = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db);
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site: 'P1',
      lines: [{ sku: 'S-1', quantity: 30, requestedDate: day(2) }],
    });
    const ownRef = `${order.number}/1`;
    // The ERP now has the order (named by its line), an order from elsewhere, and one naming a ref no line has.
    writeDrop(t.deps.config.erpDropDir, {
      erp_demand: [
        demandHeader,
        ['SO-9-1', 'S-1', 'P1', '30', day(2), 'C1', ownRef],
        ['SO-9-2', 'S-1', 'P1', '10', day(3), 'C2', ''],
        ['SO-9-3', 'S-1', 'P1', '5', day(3), 'C2', 'OTHER-CRM/7'],
      ],
    });
    await syncNow(t, { datasets: ['erp_demand'] });
    const buckets = await bucketsOf(t.http, am, 'S-1', 'P1');
    // 100 on hand; 30 for the order (once, not twice), 10 + 5 on day 3: 55 left from day 3 on.
    expect(buckets.at(-1)).toMatchObject({ atp: 55 });
    expect(buckets.find((b) => b.date === day(3))).toMatchObject({ demand: 15, atp: 55 });
    expect(await dailyOf(t.deps.db, 'erp_demand_daily')).toEqual(await expectedOf(t.deps.db, 'erp_demand'));
  });

  test('demand the ERP already has for an order line FactoryDesk has not taken yet counts until the line exists, then only the line does', async () => {
    const base = baseDrop();
    const next =
      Number(
        ((await t.deps.db('sequences').where({ name: 'order' }).first('value')) as { value: number | string })
          .value,
      ) + 1;
    const ref = `SO-${String(next).padStart(6, '0')}/1`;
    writeDrop(t.deps.config.erpDropDir, {
      ...base,
      stock: [base.stock[0]!, ['S-1', 'P1', '100', '0']],
      supply: [supplyHeader],
      erp_demand: [demandHeader, ['SO-7-1', 'S-1', 'P1', '30', day(2), 'C1', ref]],
    });
    await syncNow(t);
    const am = await createTestUser(t.deps.db, 'account_manager');
    expect((await bucketsOf(t.http, am, 'S-1', 'P1')).at(-1)).toMatchObject({ atp: 70 });
    const account = await createAccount(t.deps.db);
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site: 'P1',
      lines: [{ sku: 'S-1', quantity: 10, requestedDate: day(2) }],
    });
    expect(`${order.number}/1`).toBe(ref);
    // The line reserves its 10; the ERP's row naming it is that same line, not 30 more.
    expect((await bucketsOf(t.http, am, 'S-1', 'P1')).at(-1)).toMatchObject({ atp: 90 });
    expect(await dailyOf(t.deps.db, 'erp_demand_daily')).toEqual([]);
  });
});
