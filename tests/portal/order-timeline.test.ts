import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { describeInBrowser, pagesInBrowser, tableCells as cells } from '../support/browser';
import { createTestUser, TEST_PASSWORD } from '../support/factories';
import { clearDrop, resetPlanner, syncNow, writeDrop } from '../erp/erp-drop';

const today = todayIso();
const day = (n: number): string => addDays(today, n);
const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'fd-timeline-shots');

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
      ['erp_customer_id', 'name', 'country'],
      ['C1', 'Ravenna Impianti S.p.A.', 'IT'],
    ],
    items: [
      ['sku', 'description', 'uom', 'make_or_buy', 'lead_time_days', 'list_price', 'currency'],
      ['V-1', 'Valve', 'EA', 'buy', '60', '120', 'EUR'],
      ['V-2', 'Gasket', 'EA', 'buy', '60', '2.5', 'EUR'],
    ],
    stock: [
      ['sku', 'site_code', 'on_hand'],
      ['V-1', 'P1', '5'],
      ['V-2', 'P1', '50'],
    ],
    // transit_lanes is a dataset of the contract the test drop's type does not list yet.
    ...({
      transit_lanes: [
        ['site_code', 'country', 'transit_days', 'mode'],
        ['P1', 'IT', '3', 'road'],
      ],
    } as object),
  });
  expect((await syncNow(t)).status).toBe('succeeded');
});

describeInBrowser('order timelines in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a DAP order shows each line on a timeline (arrival promised, part shipped, delivered), the list its progress and promised date, and fits a 390 px phone', async () => {
    const account = (await t.deps.db('accounts').where({ erp_customer_id: 'C1' }).first('id')) as {
      id: string;
    };
    await t.deps
      .db('accounts')
      .where({ id: account.id })
      .update({ default_incoterm: 'DAP', default_incoterm_place: 'Ravenna' });
    const am = await createTestUser(t.deps.db, 'account_manager');
    // Arrival wanted on day 5: ship by day 2 (5 - 3), from stock: promised on arrival, day 5.
    const placed = await t.http
      .post('/api/orders')
      .set('authorization', am.auth)
      .send({
        accountId: account.id,
        lines: [
          { sku: 'V-1', quantity: 5, requestedDate: day(5), site: 'P1' },
          { sku: 'V-2', quantity: 10, requestedDate: day(5), site: 'P1' },
        ],
      });
    expect(placed.status).toBe(201);
    expect(placed.body.lines.map((l: { confirmedDate: string }) => l.confirmedDate)).toEqual([
      day(5),
      day(5),
    ]);
    const number = placed.body.number as string;

    writeDrop(t.deps.config.erpDropDir, {
      shipments: [
        [
          'shipment_ref',
          'line_no',
          'order_ref',
          'order_line_no',
          'sku',
          'quantity',
          'ship_date',
          'delivered_date',
        ],
        ['SH-1', '1', number, '1', 'V-1', '2', today, ''],
        ['SH-2', '1', number, '2', 'V-2', '10', today, day(1)],
      ],
    });
    expect((await syncNow(t, { datasets: ['shipments'] })).status).toBe('succeeded');
    await t.deps.jobs.drain();

    const customer = await signIn(await createTestUser(t.deps.db, 'customer', account.id));
    await customer.goto(`${at.url}/orders/${placed.body.id}`);
    expect(await customer.textContent('[data-test=status]')).toBe('partially shipped');
    const lines = await cells(customer, '#order-lines');
    // The promise column says which date it is: the arrival at the customer's under DAP.
    expect(lines.map((r) => r[8])).toEqual([`${day(5)} arrival`, `${day(5)} arrival`]);
    const timelines = await customer.$$eval('[data-test=timeline]', (els) =>
      els.map((e) => {
        const el = e as unknown as {
          getAttribute(n: string): string | null;
          querySelectorAll(s: string): ArrayLike<{
            className: string;
            querySelectorAll(s: string): ArrayLike<{ textContent: string | null }>;
          }>;
        };
        return {
          line: el.getAttribute('data-line'),
          milestone: el.getAttribute('data-milestone'),
          steps: Array.from(el.querySelectorAll('li'), (li) => [
            li.className.replace('step step-', ''),
            Array.from(li.querySelectorAll('span'), (x) => (x.textContent ?? '').trim()).join(': '),
          ]),
        };
      }),
    );
    expect(timelines).toEqual([
      {
        line: '1',
        milestone: 'partially_shipped',
        steps: [
          ['done', `Confirmed: arrives ${day(5)}`],
          ['done', 'In production'],
          ['current', `Shipped: 2 of 5, last on ${today}`],
          ['todo', 'Delivered'],
        ],
      },
      {
        line: '2',
        milestone: 'delivered',
        steps: [
          ['done', `Confirmed: arrives ${day(5)}`],
          ['done', 'In production'],
          ['done', `Shipped: 10 of 10, last on ${today}`],
          ['done', `Delivered: 10 of 10, last on ${day(1)}`],
        ],
      },
    ]);

    fs.mkdirSync(SHOTS, { recursive: true });
    await customer.screenshot({ path: path.join(SHOTS, 'order-desktop.png'), fullPage: true });
    await customer.setViewportSize({ width: 390, height: 844 });
    await customer.screenshot({ path: path.join(SHOTS, 'order-390.png'), fullPage: true });
    const overflow = await customer.evaluate(
      'document.querySelector("[data-test=timelines]").scrollWidth - document.querySelector("[data-test=timelines]").clientWidth',
    );
    expect(overflow).toBe(0);

    await customer.setViewportSize({ width: 1280, height: 800 });
    await customer.goto(`${at.url}/orders`);
    const row = (await cells(customer, 'table')).find((r) => r[0] === number)!;
    expect([row[3], row[4], row[5]]).toEqual(['partially shipped', 'partly delivered', day(5)]);
    await customer.screenshot({ path: path.join(SHOTS, 'orders-desktop.png'), fullPage: true });
  });
});
