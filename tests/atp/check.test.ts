import { currentTime } from '../../src/shared/clock';
import { addDays, todayIn, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import {
  addCapacity,
  addSupply,
  createItem,
  createPlace,
  createSite,
  setStock,
  uniqFamily,
} from '../support/erp-factories';
import { createCustomer, TestUser } from '../support/factories';

const T = todayIso();
const day = (n: number): string => addDays(T, n);

const t = useTestApp();
const am = t.user('account_manager');

type CheckLine = {
  sku: string;
  quantity: number;
  requestedDate: string;
  allowPartial?: boolean;
  site?: string;
};

async function check(body: { site?: string; lines: CheckLine[] }, user: TestUser = am) {
  return t.http.post('/api/atp/check').set('authorization', user.auth).send(body);
}

async function checkOk(body: { site?: string; lines: CheckLine[] }) {
  const res = await check(body);
  expect(res.status).toBe(200);
  return res.body.lines as Array<{
    sku: string;
    site: string;
    quantity: number;
    requestedDate: string;
    confirmations: Array<{ date: string; quantity: number }>;
    confirmedDate: string | null;
    source: string;
  }>;
}

/** Stock 10 and a receipt of 20 on D+6: S-D today 10, D+6 30 -> ATP today 10, D+6 30. */
async function stockAndReceipt() {
  const place = await createPlace(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 30 });
  await setStock(t.deps.db, place.sku, place.site, 10);
  await addSupply(t.deps.db, { sku: place.sku, site: place.site, qty: 20, dueDate: day(6) });
  return place;
}

describe('POST /api/atp/check', () => {
  test('a quantity the shelf covers is confirmed on the requested date from stock', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 20);
    // ATP(D+3) = 20 >= 5; on hand 20 - demand 0 >= 5 -> stock.
    expect(await checkOk({ site, lines: [{ sku, quantity: 5, requestedDate: day(3) }] })).toEqual([
      {
        sku,
        site,
        quantity: 5,
        requestedDate: day(3),
        confirmations: [{ date: day(3), quantity: 5 }],
        confirmedDate: day(3),
        source: 'stock',
      },
    ]);
  });

  test('with allowPartial, ATP on the requested date ships then and the rest when a receipt covers the whole', async () => {
    const { sku, site } = await stockAndReceipt();
    // ATP(D+2) = 10 < 15 -> 10 on D+2; first ATP >= 15 is D+6 (30) -> the other 5 on D+6.
    const [line] = await checkOk({
      site,
      lines: [{ sku, quantity: 15, requestedDate: day(2), allowPartial: true }],
    });
    expect(line).toMatchObject({
      confirmations: [
        { date: day(2), quantity: 10 },
        { date: day(6), quantity: 5 },
      ],
      confirmedDate: day(6),
      source: 'supply',
    });
  });

  test('without allowPartial, the whole quantity is confirmed on the later date the receipt covers it', async () => {
    const { sku, site } = await stockAndReceipt();
    const [line] = await checkOk({ site, lines: [{ sku, quantity: 15, requestedDate: day(2) }] });
    expect(line).toMatchObject({
      confirmations: [{ date: day(6), quantity: 15 }],
      confirmedDate: day(6),
      source: 'supply',
    });
  });

  test('the lines of one request consume in order: the second line sees what the first took', async () => {
    const { sku, site } = await stockAndReceipt();
    // Alone, 6 on D+1 comes from stock (ATP 10).
    const [alone] = await checkOk({ site, lines: [{ sku, quantity: 6, requestedDate: day(1) }] });
    expect(alone).toMatchObject({
      confirmations: [{ date: day(1), quantity: 6 }],
      confirmedDate: day(1),
      source: 'stock',
    });
    // After a first line of 6 on D+1: S-D today 10, D+1 4, D+6 24 -> ATP(D+1) = 4 < 6; first ATP >= 6 is D+6.
    const lines = await checkOk({
      site,
      lines: [
        { sku, quantity: 6, requestedDate: day(1) },
        { sku, quantity: 6, requestedDate: day(1) },
      ],
    });
    expect(lines.map((l) => [l.confirmations, l.confirmedDate, l.source])).toEqual([
      [[{ date: day(1), quantity: 6 }], day(1), 'stock'],
      [[{ date: day(6), quantity: 6 }], day(6), 'supply'],
    ]);
  });

  test('a buy item asked beyond all its supply is dated today + its lead time (source lead_time)', async () => {
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'buy', leadTimeDays: 14 });
    await setStock(t.deps.db, sku, site, 3);
    // ATP(horizon) = 3 from the shelf, the other 7 bought: they arrive on today + 14.
    const [whole, partial] = await checkOk({
      site,
      lines: [
        { sku, quantity: 10, requestedDate: T },
        { sku, quantity: 10, requestedDate: T, allowPartial: true },
      ],
    });
    expect(whole).toMatchObject({
      confirmations: [{ date: day(14), quantity: 10 }],
      confirmedDate: day(14),
      source: 'lead_time',
    });
    // The first line took the 3 (and counts on 7 bought for D+14): the second buys all 10, nothing ships today.
    expect(partial).toMatchObject({
      confirmations: [{ date: day(14), quantity: 10 }],
      confirmedDate: day(14),
      source: 'lead_time',
    });
    // Alone, with partial delivery, the 3 on the shelf ship today and the 7 bought on D+14.
    const [alone] = await checkOk({
      site,
      lines: [{ sku, quantity: 10, requestedDate: T, allowPartial: true }],
    });
    expect(alone).toMatchObject({
      confirmations: [
        { date: T, quantity: 3 },
        { date: day(14), quantity: 7 },
      ],
      confirmedDate: day(14),
      source: 'lead_time',
    });
  });

  test("a make item beyond its supply is made on the plant's capacity for its family (source capacity)", async () => {
    const family = uniqFamily();
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'make', leadTimeDays: 2, family });
    // Capacity on D+1 is before the 2-day lead time; D+3 makes 4, D+4 makes the other 4.
    await addCapacity(t.deps.db, family, site, day(1), 50);
    await addCapacity(t.deps.db, family, site, day(3), 4);
    await addCapacity(t.deps.db, family, site, day(4), 10);
    const [line] = await checkOk({ site, lines: [{ sku, quantity: 8, requestedDate: T }] });
    expect(line).toMatchObject({
      confirmations: [{ date: day(4), quantity: 8 }],
      confirmedDate: day(4),
      source: 'capacity',
    });
  });

  test('make items of one family share its capacity: the second line is made with what the first left', async () => {
    const family = uniqFamily();
    const site = await createSite(t.deps.db);
    const a = await createItem(t.deps.db, { makeOrBuy: 'make', leadTimeDays: 1, family });
    const b = await createItem(t.deps.db, { makeOrBuy: 'make', leadTimeDays: 1, family });
    await addCapacity(t.deps.db, family, site, day(3), 5);
    await addCapacity(t.deps.db, family, site, day(5), 10);
    // A: 4 of D+3's 5. B: the 1 left on D+3 and 3 on D+5 -> D+5.
    const [first, second] = await checkOk({
      site,
      lines: [
        { sku: a, quantity: 4, requestedDate: T },
        { sku: b, quantity: 4, requestedDate: T },
      ],
    });
    expect([first!.confirmedDate, first!.source, second!.confirmedDate, second!.source]).toEqual([
      day(3),
      'capacity',
      day(5),
      'capacity',
    ]);
  });

  test('a check reserves nothing: asked twice it answers the same, and no confirmation or capacity is stored', async () => {
    const family = uniqFamily();
    const { sku, site } = await createPlace(t.deps.db, { makeOrBuy: 'make', leadTimeDays: 1, family });
    await setStock(t.deps.db, sku, site, 5);
    await addCapacity(t.deps.db, family, site, day(2), 10);
    // 5 from the shelf, 3 made on D+2 -> all 8 on D+2 from capacity.
    const body = { site, lines: [{ sku, quantity: 8, requestedDate: T }] };
    const first = await checkOk(body);
    expect(first[0]).toMatchObject({
      confirmations: [{ date: day(2), quantity: 8 }],
      confirmedDate: day(2),
      source: 'capacity',
    });
    expect(await checkOk(body)).toEqual(first);
    const count = async (table: string, where: Record<string, string>) =>
      Number(((await t.deps.db(table).where(where).count({ n: '*' }))[0] as { n: number | string }).n);
    expect([
      await count('order_line_confirmations', { sku }),
      await count('capacity_reservations', { family }),
    ]).toEqual([0, 0]);
  });

  test('a customer user may check too', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await setStock(t.deps.db, sku, site, 1);
    const customer = await createCustomer(t.deps.db);
    const res = await check({ site, lines: [{ sku, quantity: 1, requestedDate: T }] }, customer);
    expect(res.status).toBe(200);
    expect(res.body.lines[0].source).toBe('stock');
  });

  test('an unknown sku answers 422 naming the line, and nothing is checked', async () => {
    const { sku, site } = await createPlace(t.deps.db);
    const res = await check({
      site,
      lines: [
        { sku, quantity: 1, requestedDate: T },
        { sku: 'NO-SUCH-SKU-4711', quantity: 1, requestedDate: T },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('business_rule');
    expect(res.body.error.details).toEqual([
      { path: '/lines/1/sku', message: expect.stringContaining('NO-SUCH-SKU-4711') },
    ]);
  });
});

describe("a site's own today", () => {
  /** A zone whose date is not UTC's right now: 14 hours ahead from 10:00 UTC on, 12 hours behind before noon. */
  const zone = currentTime().getUTCHours() >= 12 ? 'Pacific/Kiritimati' : 'Etc/GMT+12';

  test("availability and promises start from the date in the site's time zone, not UTC's", async () => {
    const { sku, site } = await createPlace(t.deps.db);
    await t.deps.db('sites').where({ site_code: site }).update({ timezone: zone });
    await setStock(t.deps.db, sku, site, 10);
    const siteToday = todayIn(zone);
    expect(siteToday).not.toBe(T); // the test means something only when the dates differ

    const res = await t.http
      .get(`/api/items/${encodeURIComponent(sku)}/availability`)
      .query({ site })
      .set('authorization', am.auth);
    expect(res.status).toBe(200);
    expect(res.body.buckets[0]).toEqual({ date: siteToday, receipts: 10, demand: 0, atp: 10 });
    // Asked for the earlier of the two dates: the site cannot ship before its own today.
    const asked = siteToday < T ? siteToday : T;
    expect(await checkOk({ site, lines: [{ sku, quantity: 4, requestedDate: asked }] })).toMatchObject([
      { confirmations: [{ date: siteToday, quantity: 4 }], confirmedDate: siteToday },
    ]);
  });
});
