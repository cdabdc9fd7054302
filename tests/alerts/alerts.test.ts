import fs from 'node:fs';
import path from 'node:path';
import { checkDeliveryAlerts } from '../../src/alerts';
import { rebuildDailySums } from '../../src/erp/daily-sums.repository';
import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { addDays, todayIso } from '../../src/shared/time';
import { useTestApp } from '../support/test-app';
import { useNoonClock } from './alert-clock';
import { addSupply, createPlace, setStock } from '../support/erp-factories';
import { createAccount, createTestUser, TestUser } from '../support/factories';
import { outboxFiles, readMail } from '../notifications/mail-factories';
import { placeOrder } from '../orders/helpers';

const T = todayIso();
const day = (n: number): string => addDays(T, n);
const clock = useNoonClock(T);

/** The hourly check, run at noon of a day. */
const checkOn = (date: string): Promise<void> => clock.checkOn(date, t.deps);

interface InboxItem {
  id: string;
  kind: string;
  subject: string;
  link: string;
  orderId: string | null;
  lineNo: number | null;
  createdAt: string;
  readAt: string | null;
}

const t = useTestApp({ isolated: true });

async function inboxOf(user: TestUser, orderId?: string): Promise<InboxItem[]> {
  const res = await t.http.get('/api/inbox').query({ limit: '200' }).set('authorization', user.auth);
  expect(res.status).toBe(200);
  return (res.body.items as InboxItem[]).filter((i) => !orderId || i.orderId === orderId);
}

const kinds = (items: InboxItem[]) => items.map((i) => `${i.lineNo}:${i.kind}`).sort();

/** An account with its manager (by the ERP's e-mail) and a buyer, and an item with plenty on the shelf. */
async function customerWithStock() {
  const db = t.deps.db;
  const manager = await createTestUser(db, 'account_manager');
  const account = await createAccount(db, { account_manager_email: manager.email });
  const buyer = await createTestUser(db, 'customer', account.id);
  const { sku, site } = await createPlace(db, { leadTimeDays: 90 });
  await setStock(db, sku, site, 100);
  return { manager, account, buyer, sku, site };
}

describe('delivery alerts', () => {
  test('due soon and due today reach the account manager and the buyer once each, however often the check runs', async () => {
    const { manager, account, buyer, sku, site } = await customerWithStock();
    const order = await placeOrder(t.http, manager, {
      accountId: account.id,
      site,
      lines: [
        { sku, quantity: 1, requestedDate: day(2) },
        { sku, quantity: 1, requestedDate: T },
        { sku, quantity: 1, requestedDate: day(10) },
      ],
    });
    await checkOn(T);
    await checkOn(T);
    await t.deps.jobs.drain();
    await checkOn(T);
    // Line 3 is 10 days out, beyond the default 3.
    expect(kinds(await inboxOf(manager, order.id))).toEqual(['1:due_soon', '2:due_today']);
    const bought = await inboxOf(buyer, order.id);
    expect(kinds(bought)).toEqual(['1:due_soon', '2:due_today']);
    expect(bought.find((i) => i.kind === 'due_soon')!.subject).toMatch(
      new RegExp(`^Order ${order.number} line 1 \\(${sku}\\) is due in 2 days, on `),
    );
    expect(bought.every((i) => i.link === `/orders/${order.id}` && i.readAt === null)).toBe(true);

    // One e-mail per alert and audience, to the manager and to the buyer.
    const mails = await Promise.all(
      outboxFiles(path.join(t.dir, 'outbox'))
        .filter((f) => f.includes('delivery_alert'))
        .map(async (f) => readMail(fs.readFileSync(f))),
    );
    const about = mails.filter((m) => m.subject.startsWith(`Order ${order.number} `));
    expect(about.map((m) => [m.to.join(), m.subject.includes('due today')]).sort()).toEqual(
      [
        [buyer.email, false],
        [buyer.email, true],
        [manager.email, false],
        [manager.email, true],
      ].sort(),
    );
    expect(about.find((m) => m.to[0] === buyer.email)!.text).toContain(`/orders/${order.id}`);
  });

  test('a date that moves raises a new alert on the new date; overdue reaches the account manager only', async () => {
    const { manager, account, buyer, sku, site } = await customerWithStock();
    const order = await placeOrder(t.http, manager, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: day(2) }],
    });
    await checkOn(T);
    const moved = await t.http
      .patch(`/api/orders/${order.id}/lines/1`)
      .set('authorization', manager.auth)
      .send({ requestedDate: day(3), reason: 'the buyer asked for a day later' });
    expect(moved.status).toBe(200);
    await checkOn(T);
    await checkOn(T);
    const soon = (await inboxOf(buyer, order.id)).filter((i) => i.kind === 'due_soon');
    expect(soon.map((i) => i.subject.match(/due in (\d) days/)![1]).sort()).toEqual(['2', '3']);

    // Three days after its date (the account's N), the line is overdue: told to the manager.
    await checkOn(day(3));
    await checkOn(day(6));
    await checkOn(day(7));
    clock.backTo(T); // back to today: the users' tokens were made for a day
    expect(kinds(await inboxOf(manager, order.id))).toEqual([
      '1:due_soon',
      '1:due_soon',
      '1:due_today',
      '1:overdue',
    ]);
    expect(kinds(await inboxOf(buyer, order.id))).toEqual(['1:due_soon', '1:due_soon', '1:due_today']);
  });

  test("the account's own lead days decide when due soon is raised", async () => {
    const { manager, account, buyer, sku, site } = await customerWithStock();
    const put = await t.http
      .put(`/api/accounts/${account.id}/settings`)
      .set('authorization', manager.auth)
      .send({
        otifWindow: { earlyDays: null, lateDays: 0 },
        inFullTolerancePct: 0,
        alertDaysBefore: 7,
        allocation: null,
      });
    expect(put.status).toBe(200);
    const order = await placeOrder(t.http, manager, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: day(6) }],
    });
    await checkOn(T);
    expect(kinds(await inboxOf(buyer, order.id))).toEqual(['1:due_soon']);
  });

  test('a slip after re-confirmation asks the buyer, with a link to its choice page, once', async () => {
    const { manager, account, buyer, sku, site } = await customerWithStock();
    await setStock(t.deps.db, sku, site, 0);
    const po = await addSupply(t.deps.db, { sku, site, qty: 5, dueDate: day(10) });
    const order = await placeOrder(t.http, manager, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 5, requestedDate: day(1) }],
    });
    expect(order.lines[0]!.confirmedDate).toBe(day(10));
    await t.deps
      .db('erp_supply')
      .where({ ref: po })
      .update({ due_date: day(20) });
    await rebuildDailySums(t.deps.db, 'erp_supply', [sku]);
    // Re-confirmation announces the slip; the alerts job listens.
    await reconfirmOpenLines(t.deps, null);
    await t.deps.jobs.drain();
    await checkDeliveryAlerts(t.deps);
    const [asked] = await inboxOf(buyer, order.id);
    expect(asked).toMatchObject({ kind: 'slipped', link: `/orders/${order.id}/lines/1/choice`, lineNo: 1 });
    expect(asked!.subject).toMatch(/is now planned for .*: please choose how to proceed$/);
    expect((await inboxOf(manager, order.id)).map((i) => [i.kind, i.link])).toEqual([
      ['slipped', `/orders/${order.id}`],
    ]);
  });

  test('an inbox item is read by its owner only: another user gets 404 and the count stays', async () => {
    const { manager, account, buyer, sku, site } = await customerWithStock();
    const order = await placeOrder(t.http, manager, {
      accountId: account.id,
      site,
      lines: [{ sku, quantity: 1, requestedDate: T }],
    });
    await checkOn(T);
    const [item] = await inboxOf(buyer, order.id);
    const stranger = await createTestUser(t.deps.db, 'customer', (await createAccount(t.deps.db)).id);
    const foreign = await t.http.post(`/api/inbox/${item!.id}/read`).set('authorization', stranger.auth);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
    const unread = await t.http.get('/api/inbox').query({ unread: 'true' }).set('authorization', buyer.auth);
    expect(unread.body.items.map((i: InboxItem) => i.id)).toContain(item!.id);

    const read = await t.http.post(`/api/inbox/${item!.id}/read`).set('authorization', buyer.auth);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await t.http.post(`/api/inbox/${item!.id}/read`).set('authorization', buyer.auth);
    expect(again.body.readAt).toBe(read.body.readAt);
    const after = await t.http.get('/api/inbox').query({ unread: 'true' }).set('authorization', buyer.auth);
    expect(after.body.items.map((i: InboxItem) => i.id)).not.toContain(item!.id);

    const bad = await t.http.get('/api/inbox').query({ unread: 'maybe' }).set('authorization', buyer.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });
});
