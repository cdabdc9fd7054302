import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, pagesInBrowser, tableCells as cells } from '../support/browser';
import { createTestUser, TEST_PASSWORD } from '../support/factories';
import { SHIPMENT_COLUMNS, clearDrop, resetPlanner, syncNow, writeDrop } from '../erp/erp-drop';

const today = todayIso();
const day = (n: number): string => addDays(today, n);

const t = useTestApp({ isolated: true });
beforeAll(async () => {
  resetPlanner();
  clearDrop(t.deps.config.erpDropDir);
  writeDrop(t.deps.config.erpDropDir, {
    sites: [
      ['site_code', 'name'],
      ['P1', 'Plant One'],
    ],
    customers: [
      ['erp_customer_id', 'name'],
      ['C1', 'Tracking Test AG'],
    ],
    items: [
      ['sku', 'description', 'uom', 'make_or_buy', 'lead_time_days'],
      ['V-1', 'Valve', 'EA', 'buy', '60'],
      ['V-2', 'Gasket', 'EA', 'buy', '60'],
    ],
    stock: [
      ['sku', 'site_code', 'on_hand'],
      ['V-1', 'P1', '5'],
      ['V-2', 'P1', '50'],
    ],
  });
  expect((await syncNow(t)).status).toBe('succeeded');
});

describeInBrowser('the order page in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test("a customer sees what of each line has shipped and the ERP's shipments with carrier, tracking and delivery; staff see every version of each promise", async () => {
    const accountId = (
      (await t.deps.db('accounts').where({ erp_customer_id: 'C1' }).first('id')) as { id: string }
    ).id;
    const am = await createTestUser(t.deps.db, 'account_manager');
    const placed = await t.http
      .post('/api/orders')
      .set('authorization', am.auth)
      .send({
        accountId,
        lines: [
          { sku: 'V-1', quantity: 5, requestedDate: today, site: 'P1' },
          { sku: 'V-2', quantity: 10, requestedDate: today, site: 'P1' },
        ],
      });
    expect(placed.status).toBe(201);
    const number = placed.body.number as string;

    // The ERP ships 2 of line 1 (delivered two days later) and all of line 2 (still on its way).
    writeDrop(t.deps.config.erpDropDir, {
      stock: [
        ['sku', 'site_code', 'on_hand'],
        ['V-1', 'P1', '3'],
        ['V-2', 'P1', '40'],
      ],
      shipments: [
        [...SHIPMENT_COLUMNS],
        ['SH-1', '1', number, '1', 'V-1', '2', day(-3), 'DHL Freight', 'JD014600', day(-1)],
        ['SH-2', '1', number, '2', 'V-2', '10', day(-1), 'Kuehne+Nagel', '', ''],
      ],
    });
    expect((await syncNow(t, { datasets: ['stock', 'shipments'] })).status).toBe('succeeded');
    await t.deps.jobs.drain();

    const customer = await signIn(await createTestUser(t.deps.db, 'customer', accountId));
    await customer.goto(`${at.url}/orders/${placed.body.id}`);
    const lines = await cells(customer, '#order-lines');
    expect(lines.map((r) => [r[0], r[1], r[2], r.at(-1)])).toEqual([
      ['1', 'V-1', '5', '2'],
      ['2', 'V-2', '10', '10'],
    ]);
    expect(await cells(customer, '#shipments')).toEqual([
      ['SH-1/1', '1', 'V-1', '2', day(-3), 'DHL Freight', 'JD014600', day(-1)],
      ['SH-2/1', '2', 'V-2', '10', day(-1), 'Kuehne+Nagel', '—', 'on its way'],
    ]);
    // The promise history names ERP orders and who changed what: the manufacturer's people see it, the customer does not.
    expect(await customer.$('#promise-history')).toBeNull();
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.goto(`${at.url}/orders/${placed.body.id}`);
    const history = await cells(planner, '#promise-history');
    expect(
      history.map(([line, version, , by, confirmed, deliveries]) => [
        line,
        version,
        by,
        confirmed,
        deliveries,
      ]),
    ).toEqual([
      ['1', '2', 're-confirmation after an ERP sync', today, `3 on ${today}`],
      ['1', '1', 'order intake', today, `5 on ${today}`],
      ['2', '2', 're-confirmation after an ERP sync', today, '—'],
      ['2', '1', 'order intake', today, `10 on ${today}`],
    ]);
    expect(history[0]![6]).toContain('2 of 5 shipped');
    expect(history[2]![6]).toContain('shipped in full');
  });

  test('an order nothing has shipped of yet shows no shipments section', async () => {
    const accountId = (
      (await t.deps.db('accounts').where({ erp_customer_id: 'C1' }).first('id')) as { id: string }
    ).id;
    const am = await createTestUser(t.deps.db, 'account_manager');
    const placed = await t.http
      .post('/api/orders')
      .set('authorization', am.auth)
      .send({ accountId, lines: [{ sku: 'V-2', quantity: 1, requestedDate: today, site: 'P1' }] });
    expect(placed.status).toBe(201);
    const page = await signIn(am);
    await page.goto(`${at.url}/orders/${placed.body.id}`);
    expect((await cells(page, '#order-lines')).map((r) => r.at(-1))).toEqual(['—']);
    expect(await page.$('#shipments')).toBeNull();
  });
});
