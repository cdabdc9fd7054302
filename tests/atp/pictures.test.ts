import { computeBuckets, loadPicture, loadPictures } from '../../src/atp';
import { addDays, todayIso } from '../../src/shared/time';
import { addErpDemand, addSupply, createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount } from '../support/factories';
import { placeOrder } from '../orders/helpers';
import { useTestApp } from '../support/test-app';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

const t = useTestApp();
const am = t.user('account_manager');

describe('loadPictures (many skus at once, for the risk recompute)', () => {
  test('each pair gets the picture and the buckets loadPicture gives it alone: stock less blocked, receipts, new supply, ERP and confirmed demand, cut at the horizon', async () => {
    const db = t.deps.db;
    const [p1, p2] = [await createSite(db), await createSite(db)];
    const a = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 10 });
    const b = await createItem(db, { makeOrBuy: 'make', leadTimeDays: 20 });
    await setStock(db, a, p1, 40, 5);
    await setStock(db, a, p2, 7);
    await addSupply(db, { sku: a, site: p1, qty: 12, dueDate: day(4) });
    await addSupply(db, { sku: a, site: p1, qty: 3, dueDate: day(400) });
    await addSupply(db, { sku: b, site: p1, qty: 9, dueDate: day(2), kind: 'production' });
    await addErpDemand(db, { sku: a, site: p1, qty: 6, dueDate: day(3) });
    await addErpDemand(db, { sku: b, site: p2, qty: 2, dueDate: day(1) });
    const account = await createAccount(db);
    // Confirmed demand on a at P1 and a line that counts on new supply (b has nothing to give on time).
    await placeOrder(t.http, am, {
      accountId: account.id,
      site: p1,
      lines: [
        { sku: a, quantity: 20, requestedDate: day(1) },
        { sku: b, quantity: 30, requestedDate: day(5) },
      ],
    });

    const pairs = [
      { sku: a, site: p1 },
      { sku: a, site: p2 },
      { sku: b, site: p1 },
      { sku: b, site: p2 },
    ];
    const pictureOf = await loadPictures(db, pairs, () => T);
    for (const { sku, site } of pairs) {
      const alone = await loadPicture(db, sku, site, T);
      const batched = pictureOf(sku, site);
      const sorted = (rows: Array<{ date: string; qty: number }>) =>
        [...rows].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.qty - y.qty));
      expect({ ...batched, receipts: sorted(batched.receipts), demand: sorted(batched.demand) }).toEqual({
        ...alone,
        receipts: sorted(alone.receipts),
        demand: sorted(alone.demand),
      });
      expect(computeBuckets(batched)).toEqual(computeBuckets(alone));
    }
    // Hand-checked: a at P1 holds 40 - 5 blocked, the receipt of D+4 (D+400 is past the horizon),
    // ERP demand 6 on D+3 and the order's 20 confirmed.
    const a1 = pictureOf(a, p1);
    expect(a1.onHand).toBe(35_000);
    expect(a1.receipts).toEqual([{ date: day(4), qty: 12_000 }]);
    expect(sortedQty(a1.demand)).toEqual([6_000, 20_000]);
    expect(pictureOf(a, p2)).toEqual({ today: T, onHand: 7_000, receipts: [], demand: [] });
  });

  test('no pairs (an order whose lines are all closed) reads nothing and fails nothing', async () => {
    const pictureOf = await loadPictures(t.deps.db, [], () => T);
    expect(pictureOf('NO-SUCH-SKU', 'NO-SITE')).toEqual({ today: T, onHand: 0, receipts: [], demand: [] });
  });
});

const sortedQty = (rows: Array<{ qty: number }>) => rows.map((r) => r.qty).sort((x, y) => x - y);
