import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations';
import { toMilli } from '../../src/shared/quantity';
import { foldConfirmations, unfoldConfirmations } from '../../src/orders/held-confirmations';
import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { rebuildDailySums } from '../../src/erp/daily-sums.repository';
import { createDb } from '../../src/shared/db/knex';
import { migrateLatest, migrationConfig } from '../../src/shared/db/migrate';
import { addDays, nowIso, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { createPlace, setStock, addSupply } from '../support/erp-factories';
import { createAccount } from '../support/factories';
import { createRunDatabase, dropRunDatabase, runDatabaseName } from '../support/test-database';
import { placeOrder, readOrder } from './helpers';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

describe('folded confirmations (the text on the line)', () => {
  test('fold and unfold give back the confirmations in date order; none folds to null', () => {
    const held = [
      { date: day(9), qty: 2500 },
      { date: day(2), qty: 12000 },
    ];
    expect(foldConfirmations(held)).toBe(`${day(2)}:12000,${day(9)}:2500`);
    expect(unfoldConfirmations(foldConfirmations(held))).toEqual([held[1], held[0]]);
    expect(foldConfirmations([])).toBeNull();
    expect(unfoldConfirmations(null)).toEqual([]);
    // Written by hand out of order, it still reads in date order.
    expect(unfoldConfirmations(`${day(5)}:1,${day(1)}:2`)).toEqual([
      { date: day(1), qty: 2 },
      { date: day(5), qty: 1 },
    ]);
  });

  test('text that is not folded confirmations is refused, not read as zero', () => {
    for (const bad of [`${day(1)}`, `${day(1)}:`, `${day(1)}:1.5`, `${day(1)}:-3`])
      expect(() => unfoldConfirmations(bad)).toThrow(RangeError);
  });
});

describe('the folded confirmations stay in step with the confirmations table', () => {
  // Re-confirmation re-earns every open line of the database: other files' lines must not count here.
  const t = useTestApp({ isolated: true });
  const am = t.user('account_manager');

  /** Each line's folded text, unfolded, next to its rows in the table, in the order of `lineIds`. */
  async function heldAndRows(db: Knex, lineIds: string[]) {
    const held = new Map(
      (
        (await db('order_lines').whereIn('id', lineIds).select('id', 'held_confirmations')) as Array<{
          id: string;
          held_confirmations: string | null;
        }>
      ).map((l) => [l.id, l.held_confirmations]),
    );
    const rows = (await db('order_line_confirmations')
      .whereIn('order_line_id', lineIds)
      .orderBy(['order_line_id', 'date'])
      .select('order_line_id', 'date', 'quantity')) as Array<{
      order_line_id: string;
      date: string;
      quantity: string | number;
    }>;
    return lineIds.map((id) => ({
      held: unfoldConfirmations(held.get(id) ?? null),
      rows: rows
        .filter((r) => r.order_line_id === id)
        .map((r) => ({ date: r.date, qty: toMilli(r.quantity) })),
    }));
  }

  test('through intake, a line change, a re-confirmation after a supply move, and cancellation', async () => {
    const db = t.deps.db;
    const { sku, site } = await createPlace(db);
    await setStock(db, sku, site, 10);
    await addSupply(db, { sku, site, qty: 20, dueDate: day(6) });
    const account = await createAccount(db);
    // Line 1: 10 from the shelf on D+1, 5 on D+6 (split); line 2: 3 more on D+6.
    const order = await placeOrder(t.http, am, {
      accountId: account.id,
      site,
      lines: [
        { sku, quantity: 15, requestedDate: day(1) },
        { sku, quantity: 3, requestedDate: day(6) },
      ],
    });
    const ids = order.lines.map((l) => l.id);
    const atIntake = await heldAndRows(db, ids);
    expect(atIntake.map((l) => l.held)).toEqual([
      [
        { date: day(1), qty: 10000 },
        { date: day(6), qty: 5000 },
      ],
      [{ date: day(6), qty: 3000 }],
    ]);
    for (const l of atIntake) expect(l.held).toEqual(l.rows);

    const changed = await t.http
      .patch(`/api/orders/${order.id}/lines/1`)
      .set('authorization', am.auth)
      .send({ quantity: 12, reason: 'customer needs 12' });
    expect(changed.status).toBe(200);
    for (const l of await heldAndRows(db, ids)) expect(l.held).toEqual(l.rows);

    // The receipt moves to D+9: re-confirmation re-promises both lines, and each line's text follows its rows.
    await db('erp_supply')
      .where({ sku, site_code: site })
      .update({ due_date: day(9) });
    await rebuildDailySums(db, 'erp_supply', [sku]);
    expect(await reconfirmOpenLines(t.deps, null)).toMatchObject({ moved: 2 });
    const moved = await heldAndRows(db, ids);
    expect(moved.flatMap((l) => l.held.map((c) => c.date))).toContain(day(9));
    for (const l of moved) expect(l.held).toEqual(l.rows);
    expect(
      (await readOrder(t.http, am, order.id)).lines.map((l) => l.confirmations.map((c) => c.date)),
    ).toEqual([[day(1), day(9)], [day(9)]]);

    const cancelled = await t.http
      .post(`/api/orders/${order.id}/cancel`)
      .set('authorization', am.auth)
      .send({ reason: 'project stopped' });
    expect(cancelled.status).toBe(200);
    expect(await heldAndRows(db, ids)).toEqual([
      { held: [], rows: [] },
      { held: [], rows: [] },
    ]);
  });
});

describe('migration 007 fills the folded confirmations of existing lines', () => {
  test('a line with two confirmations, one with one, and one without any', async () => {
    const base = process.env.TEST_BASE_DATABASE_URL || undefined;
    const url = await createRunDatabase(base, `${runDatabaseName()}_m7`);
    const db = createDb(url);
    try {
      const before = MIGRATIONS.filter(([name]) => name < '20261202_007');
      await db.migrate.latest({
        ...migrationConfig,
        migrationSource: { ...migrationConfig.migrationSource!, getMigrations: async () => [...before] },
      });
      const account = await createAccount(db);
      const now = nowIso();
      const orderId = '00000000-0000-4000-8000-00000000a007';
      await db('orders').insert({
        id: orderId,
        number: 'SO-M7',
        account_id: account.id,
        customer_po: null,
        site_code: 'P1',
        ship_complete: false,
        status: 'confirmed',
        created_by: null,
        created_at: now,
        updated_at: now,
      });
      const line = (n: number) => ({
        id: `00000000-0000-4000-8000-00000000b00${n}`,
        order_id: orderId,
        line_no: n,
        sku: 'M7',
        site_code: 'P1',
        quantity: '5',
        requested_date: day(1),
        confirmed_date: day(n),
        date_source: 'stock',
        new_supply: '0',
        erp_ref: `SO-M7/${n}`,
        open: true,
        slipped_at: null,
        slip_reason: null,
      });
      await db('order_lines').insert([line(1), line(2), line(3)]);
      const conf = (n: number, date: string, quantity: string) => ({
        order_line_id: line(n).id,
        sku: 'M7',
        site_code: 'P1',
        date,
        quantity,
      });
      await db('order_line_confirmations').insert([
        conf(1, day(4), '2.5'),
        conf(1, day(1), '2.5'),
        conf(2, day(2), '5'),
      ]);

      await migrateLatest(db);
      const held = await db('order_lines').orderBy('line_no').pluck('held_confirmations');
      expect(held).toEqual([`${day(1)}:2500,${day(4)}:2500`, `${day(2)}:5000`, null]);
    } finally {
      await db.destroy();
      await dropRunDatabase(base, url);
    }
  });
});
