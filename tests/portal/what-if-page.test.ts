import { buildApp } from '../../src/app';
import { addDays, todayIso } from '../../src/shared/time';
import { riskScene } from '../support/risk-scene';
import { useTestApp } from '../support/test-app';
import {
  describeInBrowser,
  overflowsSideways,
  pagesInBrowser,
  tableCells as cells,
  shoot,
} from '../support/browser';
import { createAccount, createTestUser, TEST_PASSWORD } from '../support/factories';

const t = useTestApp();

const today = todayIso();
const day = (n: number): string => addDays(today, n);

/** Nothing on stock, PO 10 on day 5: line A 6 and line B 4, both promised for day 5. */
async function scene() {
  const s = await riskScene(t, {
    plant: 'What-if Plant',
    customer: 'What-if Fittings Ltd',
    poQty: 10,
    poDay: 5,
    wantedDay: 5,
    quantities: [6, 4],
  });
  return { ...s, a: s.orders[0]!, b: s.orders[1]! };
}

/** Every row of the tables a what-if could touch, to compare before and after. */
async function snapshot(sku: string) {
  const db = t.deps.db;
  return {
    supply: await db('erp_supply').where({ sku }).orderBy('ref'),
    lines: await db('order_lines').where({ sku }).orderBy('id'),
    confirmations: await db('order_line_confirmations').where({ sku }).orderBy(['order_line_id', 'date']),
    ledger: await db('promise_ledger').count({ n: '*' }),
    risk: await db('risk_lines').where({ sku }).orderBy('order_line_id'),
  };
}

describeInBrowser('the what-if page in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a planner moves a receipt and adds one from the risk page, sees which lines would slip and by how much, and nothing is written', async () => {
    const s = await scene();
    const before = await snapshot(s.sku);
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.setViewportSize({ width: 1280, height: 900 });
    await planner.goto(`${at.url}/planning/risk?site=${encodeURIComponent(s.site)}`);
    await Promise.all([
      planner.waitForNavigation(),
      planner.click('#risk-lines tbody tr:first-child .what-if-link'),
    ]);
    expect((await cells(planner, '#what-if-receipts'))[0]![0]).toContain(s.po);

    // PO a week later: both lines wait for it.
    await planner.fill('input[name=due0]', day(12));
    await Promise.all([planner.waitForNavigation(), planner.click('#what-if-form button[type=submit]')]);
    expect((await cells(planner, '#what-if-lines')).map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      [`${s.a.number}/1`, day(5), day(12), '7'],
      [`${s.b.number}/1`, day(5), day(12), '7'],
    ]);
    // The form keeps what was asked: add 6 on day 3 as well, and only B (served second) still slips.
    expect(await planner.inputValue('input[name=due0]')).toBe(day(12));
    await planner.fill('input[name=newDue]', day(3));
    await planner.fill('input[name=newQty]', '6');
    await Promise.all([planner.waitForNavigation(), planner.click('#what-if-form button[type=submit]')]);
    expect((await cells(planner, '#what-if-lines')).map((r) => [r[0], r[3], r[4]])).toEqual([
      [`${s.b.number}/1`, day(12), '7'],
    ]);
    await shoot(planner, 'what-if-desktop');
    await planner.setViewportSize({ width: 390, height: 844 });
    await planner.reload();
    expect(await overflowsSideways(planner)).toBe(false);
    await shoot(planner, 'what-if-390');

    expect(await snapshot(s.sku)).toEqual(before);
  });

  test('a new receipt without a quantity is said on the page; a customer may not open it', async () => {
    const s = await scene();
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.goto(`${at.url}/planning/what-if?sku=${s.sku}&site=${s.site}&run=1&newDue=${day(3)}`);
    expect(await planner.textContent('.flash')).toContain('The what-if is not valid');
    expect(await planner.$('#what-if-lines')).toBeNull();
    await planner.goto(`${at.url}/planning/what-if?sku=${s.sku}&site=${s.site}&run=1`);
    expect(await planner.textContent('.flash')).toContain('Nothing changed');

    const customer = await signIn(
      await createTestUser(t.deps.db, 'customer', (await createAccount(t.deps.db)).id),
    );
    const res = await customer.goto(`${at.url}/planning/what-if`);
    expect(res?.status()).toBe(403);
  });
});
