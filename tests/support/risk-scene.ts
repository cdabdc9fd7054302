import { placeOrder } from '../orders/helpers';
import { recomputeRisk } from '../../src/risk';
import { addDays, todayIso } from '../../src/shared/time';
import type { TestContext } from './app';
import { addSupply, createItem, createSite } from './erp-factories';
import { createAccount, createTestUser } from './factories';

/**
 * A buy item at a site of its own with nothing on stock and one purchase order of `poQty` due on
 * day `poDay`; one order per quantity, each of one line wanted on day `wantedDay`; scores stored.
 */
export async function riskScene(
  t: Pick<TestContext, 'deps' | 'http'>,
  o: {
    plant: string;
    customer: string;
    poQty: number;
    poDay: number;
    wantedDay: number;
    quantities: number[];
  },
) {
  const db = t.deps.db;
  const day = (n: number) => addDays(todayIso(), n);
  const site = await createSite(db, o.plant);
  const sku = await createItem(db, { leadTimeDays: 60 });
  const po = await addSupply(db, { sku, site, qty: o.poQty, dueDate: day(o.poDay) });
  const account = await createAccount(db, { name: o.customer });
  const am = await createTestUser(db, 'account_manager');
  const orders = [];
  for (const quantity of o.quantities)
    orders.push(
      await placeOrder(t.http, am, {
        accountId: account.id,
        lines: [{ sku, site, quantity, requestedDate: day(o.wantedDay) }],
      }),
    );
  await recomputeRisk(db, [sku]);
  return { site, sku, po, account, orders };
}
