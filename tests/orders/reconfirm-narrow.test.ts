import type { Knex } from 'knex';
import { SITE, seedManySkus, settleBeforeRun } from '../../bench/atp-seed';
import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { decideBySite, skusToDecide, type Decision } from '../../src/orders/reconfirm-decide';
import { loadPlanning, siteTodays } from '../../src/orders/reconfirm-plan';
import { findHeldLines, findOpenLines } from '../../src/orders/reconfirm.repository';
import { addDays, nowIso, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';

const t = useTestApp({ isolated: true });
let runId: string;
beforeAll(async () => {
  ({ runId } = await seedManySkus(
    t.deps.db,
    todayIso(),
    { skus: 120, lines: 1500, supplyPerSku: 4, connector: 'file-drop' },
    7,
  ));
  // What the narrow read must see through: ship-complete orders (lines on several skus), partly
  // shipped lines, and lines counting on new supply.
  const db = t.deps.db;
  const orders = (await db('orders').orderBy('id').pluck('id')) as string[];
  await db('orders')
    .whereIn(
      'id',
      orders.filter((_, i) => i % 4 === 0),
    )
    .update({ ship_complete: true });
  const lines = (await db('order_lines').orderBy('id').pluck('id')) as string[];
  await db('order_lines')
    .whereIn(
      'id',
      lines.filter((_, i) => i % 23 === 0),
    )
    .update({ shipped_qty: '1' });
  await db('order_lines')
    .whereIn(
      'id',
      lines.filter((_, i) => i % 31 === 0),
    )
    .update({ new_supply: '2', date_source: 'lead_time' });
  // A third of the items made in three families, with a little daily capacity: lines that cannot
  // be served from supply book it, and compete for it across the family's skus.
  const items = (await db('items').orderBy('sku').pluck('sku')) as string[];
  for (let f = 0; f < 3; f++)
    await db('items')
      .whereIn(
        'sku',
        items.filter((_, i) => i % 9 === f * 3),
      )
      .update({ make_or_buy: 'make', family: `FAM-${f}` });
  const now = nowIso();
  const capacity = [0, 1, 2].flatMap((f) =>
    Array.from({ length: 90 }, (_, d) => ({
      family: `FAM-${f}`,
      site_code: SITE,
      date: addDays(todayIso(), d),
      units: '6',
      row_hash: 'x',
      updated_at: now,
    })),
  );
  for (let i = 0; i < capacity.length; i += 100) await db('erp_capacity').insert(capacity.slice(i, i + 100));
});

const byLine = (ds: Decision[]) =>
  Object.fromEntries(
    ds.map((d) => [d.line.id, { ...d.promise, reason: d.reason ?? null, fulfilled: d.fulfilled ?? false }]),
  );

/** Every open line decided from the full read, against only the lines of the skus the narrow read names. */
async function bothWays(db: Knex) {
  const todays = await siteTodays(db);
  const held = await findHeldLines(db);
  const skus = [...new Set(held.map((l) => l.sku))];
  const all = await findOpenLines(db);
  // Each decision on a plan of its own: deciding books capacity into the plan.
  const full = decideBySite(await loadPlanning(db, all, skus, runId, todays, true), all);
  const plan = await loadPlanning(db, held, skus, runId, todays, true);
  const toDecide = skusToDecide(plan, held);
  const narrow = decideBySite(plan, await findOpenLines(db, [...toDecide]));
  return { held, all, toDecide, full, narrow };
}

describe('re-confirmation reads in full only the lines of pictures where a promise may not stand', () => {
  test('on promises ATP never gave (most pictures move), the decisions are those of deciding every line', async () => {
    const r = await bothWays(t.deps.db);
    expect(r.held).toHaveLength(r.all.length);
    expect(r.full.length).toBeGreaterThan(100);
    expect(byLine(r.narrow)).toEqual(byLine(r.full));
  });

  test('after a night whose promises FactoryDesk made, a moved receipt sends only some skus to the full read, with the same decisions', async () => {
    await settleBeforeRun(t.deps.db, runId, (id) => reconfirmOpenLines(t.deps, id as string | null));
    const r = await bothWays(t.deps.db);
    expect(r.full.length).toBeGreaterThan(0);
    expect(r.toDecide.size).toBeGreaterThan(0);
    expect(r.toDecide.size).toBeLessThan(120);
    // Made items booked capacity the night before: their lines are among those decided in full.
    expect(
      Number(
        ((await t.deps.db('capacity_reservations').count({ n: '*' }).first()) as { n: number | string }).n,
      ),
    ).toBeGreaterThan(0);
    expect(byLine(r.narrow)).toEqual(byLine(r.full));
  });
});
