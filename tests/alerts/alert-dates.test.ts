import path from 'node:path';
import { useNoonClock } from './alert-clock';
import { buyerDate } from '../../src/orders';
import { addDays, todayIso } from '../../src/shared/time';
import { SHIPMENT_COLUMNS, syncNow, writeDrop } from '../erp/erp-drop';
import { placeOrder } from '../orders/helpers';
import { addTransitLane, createPlace, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TestUser } from '../support/factories';
import { useTestApp } from '../support/test-app';

/*
 * Which date an alert counts from (contract: "Where a promise is kept"): under a D term the
 * arrival date, a promise kept (delivered in full) is due nothing, "today" is the day at the
 * line's site as ATP counts it; and who hears of it: the user whose e-mail is the account's
 * account_manager_email, in whatever case the ERP wrote it. Every date is worked out by hand from
 * today (T); the check runs at 12:00 UTC. An isolated database: the shipment sync closes lines.
 */

const T = todayIso();
const day = (n: number): string => addDays(T, n);
const clock = useNoonClock(T);
const t = useTestApp({ isolated: true });

async function checkOn(date: string): Promise<void> {
  await clock.checkOn(date, t.deps);
  clock.backTo(T); // the users' tokens were made today
}

async function inboxOf(user: TestUser, orderId: string) {
  const res = await t.http.get('/api/inbox').query({ limit: '200' }).set('authorization', user.auth);
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ kind: string; subject: string; orderId: string; lineNo: number }>)
    .filter((i) => i.orderId === orderId)
    .sort((a, b) => `${a.lineNo}:${a.kind}`.localeCompare(`${b.lineNo}:${b.kind}`));
}
const kinds = (items: Array<{ kind: string; lineNo: number }>) => items.map((i) => `${i.lineNo}:${i.kind}`);

/** A DAP customer in Italy (lane 4 days from a new site with plenty in stock), its manager and a buyer. */
async function dapCustomer(managerEmail?: (email: string) => string) {
  const db = t.deps.db;
  const manager = await createTestUser(db, 'account_manager');
  const { sku, site } = await createPlace(db, { leadTimeDays: 90 });
  await setStock(db, sku, site, 100);
  await addTransitLane(db, site, 'IT', 4);
  const account = await createAccount(db, {
    country: 'IT',
    account_manager_email: managerEmail ? managerEmail(manager.email) : manager.email,
    ...({ default_incoterm: 'DAP', default_incoterm_place: 'Ravenna' } as object),
  });
  const buyer = await createTestUser(db, 'customer', account.id);
  return { manager, buyer, account, sku, site };
}

describe('delivery alerts count from the promised date', () => {
  test('a DAP line is due on its arrival date (ship day 2 + 4 days transit = day 6), not on its ship date', async () => {
    const { manager, buyer, account, sku, site } = await dapCustomer();
    // Arrival wanted on day 6 -> ATP asked for day 2 (6 - 4), on the shelf: ships day 2, arrives day 6.
    const order = await placeOrder(t.http, manager, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: day(6) }],
    });
    expect(order.lines[0]).toMatchObject({ shipDate: day(2), arrivalDate: day(6), confirmedDate: day(6) });
    // Day 2 is the ship date, 4 days before the arrival: beyond the default 3 lead days, nothing yet.
    await checkOn(day(2));
    expect(await inboxOf(manager, order.id)).toEqual([]);
    // Day 3: due in 3 days, on day 6. Day 6: due today.
    await checkOn(day(3));
    await checkOn(day(6));
    const told = await inboxOf(buyer, order.id);
    expect(kinds(told)).toEqual(['1:due_soon', '1:due_today']);
    expect(told[0]!.subject).toContain(`is due in 3 days, on ${buyerDate(day(6))}`);
    expect(kinds(await inboxOf(manager, order.id))).toEqual(['1:due_soon', '1:due_today']);
  });

  test('a DAP line shipped in full is still due on its arrival; one delivered in full is never due or overdue', async () => {
    const { manager, account, sku, site } = await dapCustomer();
    // Both lines wanted on day 4: ship today (T), arrive day 4.
    const order = await placeOrder(t.http, manager, {
      accountId: account.id,
      site,
      lines: [
        { sku, quantity: 2, requestedDate: day(4) },
        { sku, quantity: 3, requestedDate: day(4) },
      ],
    });
    const n = order.number;
    // The ERP ships both today; line 1 is delivered on day 3 (early), line 2 is still on its way.
    writeDrop(path.join(t.deps.config.erpDropDir), {
      shipments: [
        [...SHIPMENT_COLUMNS],
        [`SH-${n}`, '1', n, '1', sku, '2', T, '', '', day(3)],
        [`SH-${n}`, '2', n, '2', sku, '3', T, '', '', ''],
      ],
    });
    expect((await syncNow(t, { datasets: ['shipments'] })).status).toBe('succeeded');
    await t.deps.jobs.drain();
    const shipped = await t.http.get(`/api/orders/${order.id}`).set('authorization', manager.auth);
    expect(shipped.body.status).toBe('shipped');
    expect(shipped.body.lines.map((l: { open: boolean }) => l.open)).toEqual([false, false]);

    // Day 4 is the arrival date: line 2 (in transit) is due today, line 1 (delivered) nothing.
    // Day 7 (3 days after, the account's N): line 2 is overdue.
    await checkOn(day(4));
    await checkOn(day(7));
    expect(kinds(await inboxOf(manager, order.id))).toEqual(['2:due_today', '2:overdue']);
  });

  test("today is the site's day: at 12:00 UTC a plant on UTC+14 is already on tomorrow, so its line is due today", async () => {
    const { manager, sku, site } = await dapCustomer();
    // Pacific/Kiritimati is UTC+14 all year: 12:00 UTC on day T is 02:00 on day T+1 there.
    await t.deps.db('sites').where({ site_code: site }).update({ timezone: 'Pacific/Kiritimati' });
    const utc = await createPlace(t.deps.db, { leadTimeDays: 90 });
    await setStock(t.deps.db, utc.sku, utc.site, 100);
    // Ex works (no lane to IT from the UTC site: promised on the ship date), both wanted on day 1.
    const home = await createAccount(t.deps.db, { account_manager_email: manager.email });
    const far = await placeOrder(t.http, manager, {
      accountId: home.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: day(1) }],
    });
    const near = await placeOrder(t.http, manager, {
      accountId: home.id,
      site: utc.site,
      lines: [{ sku: utc.sku, quantity: 1, requestedDate: day(1) }],
    });
    expect([far.lines[0]!.confirmedDate, near.lines[0]!.confirmedDate]).toEqual([day(1), day(1)]);
    await checkOn(T);
    expect(kinds(await inboxOf(manager, far.id))).toEqual(['1:due_today']);
    expect(kinds(await inboxOf(manager, near.id))).toEqual(['1:due_soon']);
  });
});

describe("the account manager's inbox", () => {
  test("alerts reach the user whose e-mail is the account's account_manager_email, written in another case by the ERP", async () => {
    const { manager, account, sku, site } = await dapCustomer((email) => email.toUpperCase());
    const other = await createTestUser(t.deps.db, 'account_manager');
    const order = await placeOrder(t.http, manager, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: day(4) }],
    });
    await checkOn(day(4));
    expect(kinds(await inboxOf(manager, order.id))).toEqual(['1:due_today']);
    expect(await inboxOf(other, order.id)).toEqual([]);
  });
});
