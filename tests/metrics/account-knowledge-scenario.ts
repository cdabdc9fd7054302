import { addDays, todayIso } from '../../src/shared/time';
import type { TestContext } from '../support/app';
import { createItem, createSite } from '../support/erp-factories';
import { createAccount, createTestUser } from '../support/factories';
import { addOrder } from './scenario';

/*
 * Three accounts on a database of their own (last year's class ranks every account), dated back
 * from today:
 *   P: 10 @ 100.00 = 1000 ordered 500 days ago (the year before), 1 @ 100.00 = 100 ordered 100
 *      days ago and re-promised once later; two complaints opened today.
 *      Last year P made 1000 of 1050 → class A; now 100 < 500 → value halved; 2 complaints
 *      against 0 → complaints rising. Trend (100 − 1000) / 1000 = −90.0 %.
 *   Q: 1 @ 50.00 500 days ago and 1 @ 60.00 30 days ago: last year before it 1000 of 1050 (95.2 %)
 *      → C; trend +20.0 %; no signal.
 *   R: 1 @ 1.00 on each of 200, 190 and 180 days ago: usual interval 10 days, silent for 180 > 20
 *      → overdue.
 */

export async function seedKnowledgeHistory(t: TestContext) {
  const ago = (days: number) => addDays(todayIso(), -days);
  const { db } = t.deps;
  const admin = await createTestUser(db, 'admin');
  const site = await createSite(db);
  const sku = await createItem(db, { family: 'FAM-K' });
  const p = await createAccount(db, { name: 'P Pumps', account_manager_email: 'am@example.com' });
  const q = await createAccount(db, { name: 'Q Quarry' });
  const r = await createAccount(db, { name: 'R Rivets' });
  const ids = { p: p.id, q: q.id, r: r.id };
  const customer = await createTestUser(db, 'customer', p.id);
  const line = (
    quantity: number,
    netPrice: string,
    orderedOn: string,
    confirmed: string[] = [orderedOn],
  ) => ({
    sku,
    site,
    quantity,
    netPrice,
    requested: orderedOn,
    versions: confirmed.map((c, i) => ({ at: `${orderedOn}T0${8 + i}:00:00.000Z`, confirmed: c })),
  });
  const order = (accountId: string, orderedOn: string, l: ReturnType<typeof line>) =>
    addOrder(db, { accountId, orderedOn, lines: [l] });
  await order(p.id, ago(500), line(10, '100.00', ago(500)));
  await order(p.id, ago(100), line(1, '100.00', ago(100), [ago(90), ago(80)]));
  await order(q.id, ago(500), line(1, '50.00', ago(500)));
  await order(q.id, ago(30), line(1, '60.00', ago(30)));
  for (const days of [200, 190, 180]) await order(r.id, ago(days), line(1, '1.00', ago(days)));
  for (const subject of ['Leaking seal', 'Wrong flange'])
    expect(
      (
        await t.http
          .post('/api/cases')
          .set('authorization', admin.auth)
          .send({ accountId: p.id, type: 'complaint', subject, description: 'From the site' })
      ).status,
    ).toBe(201);
  return { admin, customer, ids };
}
