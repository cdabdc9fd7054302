import type { Page } from 'playwright-core';
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
import { setStock } from '../support/erp-factories';
import { createTestUser, TEST_PASSWORD } from '../support/factories';

const t = useTestApp();

const today = todayIso();
const day = (n: number): string => addDays(today, n);

/** Nothing on stock: a line of 6 for today waits for PO 10 on day 5. */
async function scene() {
  const s = await riskScene(t, {
    plant: 'Expedite Plant',
    customer: 'Waiting Valves KG',
    poQty: 10,
    poDay: 5,
    wantedDay: 0,
    quantities: [6],
  });
  const order = s.orders[0]!;
  expect(order.lines[0]!.confirmedDate).toBe(day(5));
  return { ...s, order };
}

/** Opens the line's actions and submits one of its forms; the page comes back with a flash. */
async function act(page: Page, form: string, fill?: (p: Page) => Promise<void>) {
  await page.click('#risk-lines tbody tr:first-child .risk-actions summary');
  await fill?.(page);
  await Promise.all([
    page.waitForNavigation(),
    page.click(`#risk-lines tbody tr:first-child ${form} button`),
  ]);
  return page.textContent('.flash');
}

describeInBrowser('the risk page’s actions in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('a planner notes a line, asks to expedite its purchase order and re-promises it now, staying on the filtered list', async () => {
    const s = await scene();
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.setViewportSize({ width: 1280, height: 900 });
    const filtered = `${at.url}/planning/risk?site=${encodeURIComponent(s.site)}`;
    await planner.goto(filtered);

    expect(
      await act(planner, '.risk-note', (p) =>
        p.fill('#risk-lines tbody tr:first-child textarea[name=body]', 'Buyer says the PO is on the truck'),
      ),
    ).toContain(`Note added to ${s.order.number}/1`);
    expect(planner.url()).toBe(filtered);
    expect(await planner.textContent('#risk-lines tbody tr:first-child .notes')).toContain(
      'Buyer says the PO is on the truck',
    );

    expect(await act(planner, '.risk-expedite')).toContain(
      `Follow-up set for ${day(1)}: Expedite ${s.po} (purchase)`,
    );
    const followUp = await t.deps.db('follow_ups').where({ order_id: s.order.id }).first();
    expect(followUp).toMatchObject({
      account_id: s.account.id,
      status: 'open',
      subject: `Expedite ${s.po} (purchase) for ${s.order.number}/1, promised ${day(5)}`,
    });
    await shoot(planner, 'risk-actions-desktop');

    // Stock arrived that the line's promise does not know of yet: re-promise now takes it today.
    await setStock(t.deps.db, s.sku, s.site, 10);
    expect(await act(planner, '.risk-repromise')).toContain(
      `${s.order.number}/1 re-promised: ${today} (was ${day(5)})`,
    );
    expect((await cells(planner, '#risk-lines'))[0]![5]).toBe(today);
    const ledger = await t.deps
      .db('promise_ledger')
      .where({ order_line_id: s.order.lines[0]!.id })
      .orderBy('version');
    expect(ledger.at(-1)).toMatchObject({
      changed_by: 'planner',
      reason: 're-promised now from the risk page',
    });

    await planner.setViewportSize({ width: 390, height: 844 });
    await planner.goto(filtered);
    await planner.click('#risk-lines tbody tr:first-child .risk-actions summary');
    expect(await overflowsSideways(planner)).toBe(false);
    await shoot(planner, 'risk-actions-390');
  });

  test('an expedite for a day gone is refused on the page and sets no follow-up', async () => {
    const s = await scene();
    const planner = await signIn(await createTestUser(t.deps.db, 'planner'));
    await planner.goto(`${at.url}/planning/risk?site=${encodeURIComponent(s.site)}`);
    const flash = await act(planner, '.risk-expedite', (p) =>
      p.fill('#risk-lines tbody tr:first-child input[name=dueDate]', day(-1)),
    );
    expect(flash).toContain('The expedite request is not valid');
    expect(await t.deps.db('follow_ups').where({ order_id: s.order.id })).toEqual([]);
  });
});
