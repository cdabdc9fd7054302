import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { exportRange } from '../../src/metrics/metrics-export';
import { daysBetween } from '../../src/metrics';
import { todayIso } from '../../src/shared/time';
import { isolatedTestContext, type TestContext } from '../support/app';
import { createItem, createSite } from '../support/erp-factories';
import { createAccount, createTestUser, type TestUser } from '../support/factories';
import { addDecidedQuote, addOrder, parseCsv } from './scenario';

/*
 * A small history, on a database of its own (the export and the ABC ranking cover every account):
 *
 * Account A (default terms: no early limit, 0 days late, 0 % tolerance)
 *   order 1, 2026-09-01, from quote Q1 (sent 2026-08-25, accepted 2026-09-01):
 *     line 1: F1, 10 @ 5.00, requested 09-10; promised 09-12 (09-01), re-promised 09-15 (09-05);
 *             shipped 6 on 09-14 and 4 on 09-16.                          value 50
 *             requested: complete 09-16, 6 days late, not on time, in full, not OTIF.
 *             first_confirmed (09-12): 4 days late. last_confirmed (09-15, the version before 09-14):
 *             1 day late, 6 of 10 in the window: not OTIF.
 *             quoted lead 09-09 − 08-25 = 15, actual 09-16 − 09-01 = 15.
 *     line 2: F2, 5 @ 20.00, requested 09-20, promised 09-20; shipped 5 on 09-18.   value 100
 *             on time, in full, OTIF, 0 days late; quoted lead 09-19 − 08-25 = 25, actual 17.
 *   order 2, 2026-10-02, no price: 3 × F1 at the item's list price 10.00 = 30; requested 10-20,
 *     promised 10-22, nothing shipped: due in October, late by today − basis.
 *   Q2 rejected 2026-09-20 (F1, 20.00), Q3 expired 2026-09-30 (F1, 30.00).
 * Account B (2 days late allowed, 10 % in-full tolerance)
 *   order 2026-09-03: F1, 10 @ 8.00 = 80, requested and promised 09-10; shipped 9 on 09-12:
 *     required 9, within the window: on time, in full, OTIF, 2 days late; actual lead 9.
 *   a cancelled order (2026-09-05, 100 @ 1.00): neither due nor ordered value.
 * Account E: order 2026-11-01, 74 @ 10.00 = 740, requested 2027-01-10 (not due yet).
 * Account D: no orders.
 */

let t: TestContext;
let admin: TestUser;
let planner: TestUser;
let customerA: TestUser;
const today = todayIso();
const ids: Record<string, string> = {};
let order1: { number: string };
let order2: { number: string };
let F1: string;
let site: string;

beforeAll(async () => {
  t = await isolatedTestContext();
  const { db } = t.deps;
  admin = await createTestUser(db, 'admin');
  planner = await createTestUser(db, 'planner');
  F1 = 'FAM-ONE';
  site = await createSite(db);
  const sku1 = await createItem(db, { family: F1 });
  const sku2 = await createItem(db, { family: 'FAM-TWO' });
  const a = await createAccount(db, { erp_customer_id: 'CA' });
  const b = await createAccount(db, { erp_customer_id: 'CB' });
  const d = await createAccount(db, { erp_customer_id: 'CD' });
  const e = await createAccount(db, { erp_customer_id: 'CE' });
  Object.assign(ids, { a: a.id, b: b.id, d: d.id, e: e.id });
  customerA = await createTestUser(db, 'customer', a.id);
  const put = await t.http
    .put(`/api/accounts/${b.id}/settings`)
    .set('authorization', admin.auth)
    .send({
      otifWindow: { earlyDays: null, lateDays: 2 },
      inFullTolerancePct: 10,
      alertDaysBefore: 3,
      allocation: null,
    });
  expect(put.status).toBe(200);

  const q1 = await addDecidedQuote(db, {
    accountId: a.id,
    status: 'accepted',
    sentAt: '2026-08-25T09:00:00.000Z',
    decidedAt: '2026-09-01T07:00:00.000Z',
    lines: [
      { sku: sku1, site, quantity: 10, netPrice: '5.00', quotedDate: '2026-09-09' },
      { sku: sku2, site, quantity: 5, netPrice: '20.00', quotedDate: '2026-09-19' },
    ],
  });
  await addDecidedQuote(db, {
    accountId: a.id,
    status: 'rejected',
    sentAt: '2026-09-10T09:00:00.000Z',
    decidedAt: '2026-09-20T09:00:00.000Z',
    lines: [{ sku: sku1, site, quantity: 4, netPrice: '5.00', quotedDate: '2026-10-01' }],
  });
  await addDecidedQuote(db, {
    accountId: a.id,
    status: 'expired',
    sentAt: '2026-09-01T09:00:00.000Z',
    decidedAt: '2026-09-30T00:15:00.000Z',
    lines: [{ sku: sku1, site, quantity: 6, netPrice: '5.00', quotedDate: '2026-10-10' }],
  });
  order1 = await addOrder(db, {
    accountId: a.id,
    orderedOn: '2026-09-01',
    quote: q1,
    lines: [
      {
        sku: sku1,
        site,
        quantity: 10,
        requested: '2026-09-10',
        netPrice: '5.00',
        versions: [
          { at: '2026-09-01T08:00:00.000Z', confirmed: '2026-09-12' },
          { at: '2026-09-05T02:30:00.000Z', confirmed: '2026-09-15' },
          // Closed when shipped in full: no promise, left out of last_confirmed.
          { at: '2026-09-16T02:30:00.000Z', confirmed: null },
        ],
        shipments: [
          { ship: '2026-09-14', quantity: 6 },
          { ship: '2026-09-16', quantity: 4 },
        ],
      },
      {
        sku: sku2,
        site,
        quantity: 5,
        requested: '2026-09-20',
        netPrice: '20.00',
        versions: [{ at: '2026-09-01T08:00:00.000Z', confirmed: '2026-09-20' }],
        shipments: [{ ship: '2026-09-18', quantity: 5 }],
      },
    ],
  });
  order2 = await addOrder(db, {
    accountId: a.id,
    orderedOn: '2026-10-02',
    currency: null,
    lines: [
      {
        sku: sku1,
        site,
        quantity: 3,
        requested: '2026-10-20',
        versions: [{ at: '2026-10-02T08:00:00.000Z', confirmed: '2026-10-22' }],
      },
    ],
  });
  await addOrder(db, {
    accountId: b.id,
    orderedOn: '2026-09-03',
    lines: [
      {
        sku: sku1,
        site,
        quantity: 10,
        requested: '2026-09-10',
        netPrice: '8.00',
        versions: [{ at: '2026-09-03T08:00:00.000Z', confirmed: '2026-09-10' }],
        shipments: [{ ship: '2026-09-12', quantity: 9 }],
      },
    ],
  });
  await addOrder(db, {
    accountId: b.id,
    orderedOn: '2026-09-05',
    status: 'cancelled',
    lines: [
      {
        sku: sku1,
        site,
        quantity: 100,
        requested: '2026-09-08',
        netPrice: '1.00',
        versions: [{ at: '2026-09-05T08:00:00.000Z', confirmed: '2026-09-08' }],
      },
    ],
  });
  await addOrder(db, {
    accountId: e.id,
    orderedOn: '2026-11-01',
    lines: [
      {
        sku: sku1,
        site,
        quantity: 74,
        requested: '2027-01-10',
        netPrice: '10.00',
        versions: [{ at: '2026-11-01T08:00:00.000Z', confirmed: '2027-01-10' }],
      },
    ],
  });
});

afterAll(async () => {
  await t.close();
});

/** The DOS date and time of each central directory entry of a zip, as YYYY-MM-DD HH:MM. */
function zipEntryDates(zip: Buffer): string[] {
  let end = zip.length - 22;
  while (zip.readUInt32LE(end) !== 0x06054b50) end--;
  const dates: string[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const time = zip.readUInt16LE(at + 12);
    const date = zip.readUInt16LE(at + 14);
    const two = (n: number) => String(n).padStart(2, '0');
    dates.push(
      `${(date >> 9) + 1980}-${two((date >> 5) & 15)}-${two(date & 31)} ${two(time >> 11)}:${two((time >> 5) & 63)}`,
    );
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return dates;
}

const get = (user: TestUser, url: string, query: Record<string, string> = {}) =>
  t.http.get(url).query(query).set('authorization', user.auth);

const empty = {
  quotedLeadDaysAvg: null,
  actualLeadDaysAvg: null,
  quotesDecided: 0,
  quotesWon: 0,
  hitRateCountPct: null,
  hitRateValuePct: null,
};

describe('GET /api/metrics/fulfillment', () => {
  test('by period and account on the requested date, the figures are the hand-checked ones', async () => {
    const res = await get(planner, '/api/metrics/fulfillment', {
      from: '2026-09',
      to: '2026-10',
      groupBy: 'period,account',
    });
    expect(res.status).toBe(200);
    const octoberLate = daysBetween('2026-10-20', today);
    const byKey = new Map(
      (res.body.rows as Array<Record<string, unknown>>).map((r) => [`${r.period}/${r.erpCustomerId}`, r]),
    );
    expect(byKey.get('2026-09/CA')).toEqual({
      period: '2026-09',
      accountId: ids.a,
      erpCustomerId: 'CA',
      linesDue: 2,
      linesOnTime: 1,
      linesInFull: 2,
      linesOtif: 1,
      otifPct: 50,
      avgDaysLate: 6,
      quotedLeadDaysAvg: 20,
      actualLeadDaysAvg: 16,
      // Q1's two lines won, Q2's and Q3's lost: 2 of 4; by value 150 of 200.
      quotesDecided: 4,
      quotesWon: 2,
      hitRateCountPct: 50,
      hitRateValuePct: 75,
      orderedValue: 150,
    });
    expect(byKey.get('2026-09/CB')).toEqual({
      period: '2026-09',
      accountId: ids.b,
      erpCustomerId: 'CB',
      linesDue: 1,
      linesOnTime: 1,
      linesInFull: 1,
      linesOtif: 1,
      otifPct: 100,
      avgDaysLate: 2,
      ...empty,
      actualLeadDaysAvg: 9,
      orderedValue: 80,
    });
    expect(byKey.get('2026-10/CA')).toEqual({
      period: '2026-10',
      accountId: ids.a,
      erpCustomerId: 'CA',
      linesDue: 1,
      linesOnTime: 0,
      linesInFull: 0,
      linesOtif: 0,
      otifPct: 0,
      avgDaysLate: octoberLate,
      ...empty,
      orderedValue: 30,
    });
    expect([...byKey.keys()].sort()).toEqual(['2026-09/CA', '2026-09/CB', '2026-10/CA']);
  });

  test('on the first and the last confirmed date, the same lines are late by their promises', async () => {
    const first = await get(planner, '/api/metrics/fulfillment', {
      from: '2026-09',
      to: '2026-09',
      basis: 'first_confirmed',
    });
    const last = await get(planner, '/api/metrics/fulfillment', {
      from: '2026-09',
      to: '2026-09',
      basis: 'last_confirmed',
    });
    const pick = (r: Record<string, unknown>) => ({
      period: r.period,
      linesDue: r.linesDue,
      linesOnTime: r.linesOnTime,
      linesOtif: r.linesOtif,
      otifPct: r.otifPct,
      avgDaysLate: r.avgDaysLate,
    });
    // A line 1 is 4 days late on 09-12 and 1 day on 09-15 (6 of 10 in its window: not OTIF); B 2 days.
    expect(first.body.rows.map(pick)).toEqual([
      { period: '2026-09', linesDue: 3, linesOnTime: 2, linesOtif: 2, otifPct: 66.7, avgDaysLate: 3 },
    ]);
    expect(last.body.rows.map(pick)).toEqual([
      { period: '2026-09', linesDue: 3, linesOnTime: 2, linesOtif: 2, otifPct: 66.7, avgDaysLate: 1.5 },
    ]);
  });

  test('by family and site over both months, hit rate and ordered value follow the lines', async () => {
    const res = await get(planner, '/api/metrics/fulfillment', {
      from: '2026-09',
      to: '2026-11',
      groupBy: 'family',
    });
    const f1 = (res.body.rows as Array<Record<string, unknown>>).find((r) => r.family === F1)!;
    // F1: Q1 line 1 won (50), Q2 (20) and Q3 (30) lost: 1 of 3, 50 of 100; ordered 50 + 30 + 80 + 740.
    expect(f1).toMatchObject({
      linesDue: 3,
      quotesDecided: 3,
      quotesWon: 1,
      hitRateCountPct: 33.3,
      hitRateValuePct: 50,
      orderedValue: 900,
    });
    const bySite = await get(planner, '/api/metrics/fulfillment', {
      from: '2026-09',
      to: '2026-09',
      groupBy: 'site',
    });
    expect(bySite.body.rows).toEqual([expect.objectContaining({ site, linesDue: 3, orderedValue: 230 })]);
  });

  test('a customer is refused with 403, and bad input answers 400 in the one error shape', async () => {
    const refused = await get(customerA, '/api/metrics/fulfillment');
    expect(refused.status).toBe(403);
    const bad: Array<Record<string, string>> = [
      { from: '2026-13' },
      { from: '2026-10', to: '2026-09' },
      { groupBy: 'period,period' },
      { basis: 'promised' },
    ];
    for (const query of bad) {
      const res = await get(planner, '/api/metrics/fulfillment', query);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', details: expect.any(Array) });
    }
  });
});

describe('GET /api/metrics/fulfillment/lines', () => {
  test('the lines behind a row come a page at a time with their evaluation', async () => {
    const first = await get(planner, '/api/metrics/fulfillment/lines', {
      from: '2026-09',
      to: '2026-10',
      period: '2026-09',
      accountId: ids.a!,
      limit: '1',
    });
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      {
        orderId: expect.any(String),
        orderNumber: order1.number,
        lineNo: 1,
        sku: expect.any(String),
        accountId: ids.a,
        basisDate: '2026-09-10',
        completionDate: '2026-09-16',
        onTime: false,
        inFull: true,
        otif: false,
        daysLate: 6,
      },
    ]);
    const second = await get(planner, '/api/metrics/fulfillment/lines', {
      from: '2026-09',
      to: '2026-10',
      period: '2026-09',
      accountId: ids.a!,
      limit: '1',
      cursor: first.body.nextCursor,
    });
    expect(second.body.items.map((l: Record<string, unknown>) => [l.lineNo, l.otif, l.daysLate])).toEqual([
      [2, true, 0],
    ]);
    expect(second.body.nextCursor).toBeNull();
    const october = await get(planner, '/api/metrics/fulfillment/lines', { from: '2026-10', to: '2026-10' });
    expect(october.body.items.map((l: Record<string, unknown>) => l.orderNumber)).toEqual([order2.number]);
  });
});

describe('GET /api/metrics/my-deliveries', () => {
  test("a customer sees its own account's rows by period, and no other account's", async () => {
    const res = await get(customerA, '/api/metrics/my-deliveries', { from: '2026-09', to: '2026-10' });
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: Record<string, unknown>) => [r.period, r.linesDue, r.orderedValue])).toEqual(
      [
        ['2026-09', 2, 150],
        ['2026-10', 1, 30],
      ],
    );
    expect((await get(planner, '/api/metrics/my-deliveries')).status).toBe(403);
  });
});

describe('fulfillment_metrics export and account classes', () => {
  const exportDir = () => path.join(t.dir, 'exports');
  const files = () => ({
    csv: fs.readFileSync(path.join(exportDir(), 'fulfillment_metrics.csv')),
    xlsx: fs.readFileSync(path.join(exportDir(), 'fulfillment_metrics.xlsx')),
  });
  const runExport = async () => {
    const started = await t.http.post('/api/metrics/export').set('authorization', planner.auth);
    expect(started.status).toBe(202);
    await t.deps.jobs.drain();
    const run = await get(planner, `/api/metrics/exports/${started.body.runId}`);
    return run.body;
  };

  test('before any ranking an account shows no class; an account manager may not export', async () => {
    const account = await get(admin, `/api/accounts/${ids.a}`);
    expect(account.body).toMatchObject({ class: null, classValue: null });
    const am = await createTestUser(t.deps.db, 'account_manager');
    expect((await t.http.post('/api/metrics/export').set('authorization', am.auth)).status).toBe(403);
    expect((await get(planner, '/api/metrics/exports/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });

  test("the exported rows are the API's rows of the night, and a re-run writes the same bytes", async () => {
    const run = await runExport();
    expect(run).toMatchObject({
      status: 'succeeded',
      files: ['fulfillment_metrics.csv', 'fulfillment_metrics.xlsx'],
      asOf: today,
    });
    const [header, ...records] = parseCsv(files().csv.toString('utf8'));
    expect(header!.slice(0, 6)).toEqual([
      'period',
      'erp_customer_id',
      'family',
      'site_code',
      'basis',
      'lines_due',
    ]);
    const exported = records.map(
      (r): Record<string, string> => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])),
    );

    const range = exportRange(today);
    const fromApi: Array<Record<string, string>> = [];
    for (const basis of ['requested', 'first_confirmed', 'last_confirmed']) {
      const res = await get(planner, '/api/metrics/fulfillment', {
        from: range.from,
        to: range.to,
        basis,
        groupBy: 'period,account,family,site',
      });
      for (const r of res.body.rows as Array<Record<string, number | string | null>>) {
        const txt = (v: unknown) => (v === null || v === undefined ? '' : String(v));
        fromApi.push({
          period: txt(r.period),
          erp_customer_id: txt(r.erpCustomerId),
          family: txt(r.family),
          site_code: txt(r.site),
          basis,
          lines_due: txt(r.linesDue),
          lines_on_time: txt(r.linesOnTime),
          lines_in_full: txt(r.linesInFull),
          lines_otif: txt(r.linesOtif),
          otif_pct: txt(r.otifPct),
          avg_days_late: txt(r.avgDaysLate),
          quoted_lead_days_avg: txt(r.quotedLeadDaysAvg),
          actual_lead_days_avg: txt(r.actualLeadDaysAvg),
          quotes_decided: txt(r.quotesDecided),
          quotes_won: txt(r.quotesWon),
          hit_rate_count_pct: txt(r.hitRateCountPct),
          hit_rate_value_pct: txt(r.hitRateValuePct),
          ordered_value: txt(r.orderedValue),
        });
      }
    }
    const key = (r: Record<string, string>) =>
      [r.period, r.erp_customer_id, r.family, r.site_code, r.basis].join('|');
    const sorted = (rows: Array<Record<string, string>>) =>
      [...rows].sort((x, y) => (key(x) < key(y) ? -1 : 1));
    expect(exported.length).toBeGreaterThan(0);
    expect(sorted(exported)).toEqual(sorted(fromApi));
    expect(exported.find((r) => key(r) === `2026-09|CB|${F1}|${site}|requested`)).toMatchObject({
      lines_due: '1',
      otif_pct: '100',
      avg_days_late: '2',
      ordered_value: '80',
    });

    const before = files();
    const again = await runExport();
    expect(again.status).toBe('succeeded');
    const after = files();
    expect(after.csv.equals(before.csv)).toBe(true);
    expect(after.xlsx.equals(before.xlsx)).toBe(true);
    expect(fs.readdirSync(exportDir()).filter((f) => f.startsWith('.'))).toEqual([]);
    // Not the time of writing: every zip entry and the document properties carry the pinned date.
    expect(new Set(zipEntryDates(after.xlsx))).toEqual(new Set(['2000-01-01 00:00']));
    const core = await JSZip.loadAsync(after.xlsx).then((z) => z.file('docProps/core.xml')!.async('string'));
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>',
    );
  });

  test('the export ranks the accounts ABC by 12-month ordered value, shown on the account to staff', async () => {
    await runExport();
    // E 740, A 180, B 80, D 0 of 1,000: before A 74 % (A), before B 92 % (B), D has no orders (C).
    const classOf = async (id: string, user = admin) => {
      const body = (await get(user, `/api/accounts/${id}`)).body;
      return [body.class, body.classValue];
    };
    expect(await classOf(ids.e!)).toEqual(['A', 740]);
    expect(await classOf(ids.a!)).toEqual(['A', 180]);
    expect(await classOf(ids.b!)).toEqual(['B', 80]);
    expect(await classOf(ids.d!)).toEqual(['C', 0]);
    expect(await classOf(ids.a!, customerA)).toEqual([null, null]);
  });
});
