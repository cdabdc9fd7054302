import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, TestContext } from '../support/app';
import { createTestUser, TestUser } from '../support/factories';
import { clearDrop, Drop, resetPlanner, syncNow, writeDrop } from '../erp/erp-drop';

const today = todayIso();
const day = (n: number) => addDays(today, n);

/** One buy item V-1 at P1: 5 on stock, PR-1 20 due on `pr1Due`, PR-2 20 on day 20; one customer. */
function drop(pr1Due: string): Partial<Drop> {
  return {
    sites: [
      ['site_code', 'name'],
      ['P1', 'Plant One'],
    ],
    customers: [
      ['erp_customer_id', 'name'],
      ['C1', 'First Come Ltd'],
    ],
    items: [
      ['sku', 'description', 'uom', 'make_or_buy', 'lead_time_days'],
      ['V-1', 'Valve', 'EA', 'buy', '60'],
    ],
    stock: [
      ['sku', 'site_code', 'on_hand'],
      ['V-1', 'P1', '5'],
    ],
    supply: [
      ['ref', 'kind', 'sku', 'site_code', 'open_qty', 'due_date'],
      ['PR-1', 'purchase', 'V-1', 'P1', '20', pr1Due],
      ['PR-2', 'purchase', 'V-1', 'P1', '20', day(20)],
    ],
  };
}

let t: TestContext;
let am: TestUser;

beforeEach(async () => {
  resetPlanner();
  t = await isolatedTestContext();
  clearDrop(t.deps.config.erpDropDir);
  writeDrop(t.deps.config.erpDropDir, drop(day(10)));
  await syncNow(t);
  am = await createTestUser(t.deps.db, 'account_manager');
});
afterEach(() => t.close());

describe('risk after a sync', () => {
  test('when the ERP moves the covering PO later, the sync re-confirms the line and its risk says both why', async () => {
    const accountId = (
      (await t.deps.db('accounts').where({ erp_customer_id: 'C1' }).first('id')) as { id: string }
    ).id;
    const taken = await t.http
      .post('/api/orders')
      .set('authorization', am.auth)
      .send({ accountId, lines: [{ sku: 'V-1', quantity: 15, requestedDate: day(10), site: 'P1' }] });
    expect(taken.status).toBe(201);
    await t.deps.jobs.drain();
    const before = await t.http.get('/api/risk/lines').set('authorization', am.auth);
    expect(
      before.body.items.map((i: { score: number; cover: { ref: string } }) => [i.score, i.cover.ref]),
    ).toEqual([[0, 'PR-1']]);

    writeDrop(t.deps.config.erpDropDir, drop(day(15)));
    await syncNow(t);

    const after = await t.http.get('/api/risk/lines').set('authorization', am.auth);
    // 30 for a PO moved later, 35 for one slip; ATP on day 15 is 25 − 15 = 10, not thin: 65, high.
    expect(after.body.items).toEqual([
      expect.objectContaining({
        orderNumber: taken.body.number,
        promisedDate: day(15),
        score: 65,
        band: 'high',
        reasons: [
          {
            code: 'supply_moved_before',
            text: `covered by PR-1, which the ERP moved later before (from ${day(10)} to ${day(15)})`,
          },
          {
            code: 'slipped_before',
            text: `promise moved later once already (last from ${day(10)} to ${day(15)})`,
          },
        ],
      }),
    ]);
  });
});
