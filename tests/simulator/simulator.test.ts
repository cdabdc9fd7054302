import { buildApp } from '../../src/app';
import { apiClient } from '../../fixtures/simulator/api-client';
import { readOrders } from '../../fixtures/simulator/report';
import { simulate } from '../../fixtures/simulator/simulate';
import { simulatorPorts } from '../../src/simulation';
import type { SimulationReport } from '../../fixtures/simulator/report';
import { isolatedTestContext, type TestContext } from '../support/app';

/*
 * Two short runs of one seed, each on a database of its own (the ERP snapshots close every row
 * they do not carry), ending on a fixed date so the figures do not depend on the day the test runs.
 */
const RUN = { seed: 3, days: 14, end: '2026-11-20' };
let first: TestContext;
let second: TestContext;
let reports: SimulationReport[];

beforeAll(async () => {
  first = await isolatedTestContext();
  second = await isolatedTestContext();
  reports = [
    await simulate(first.deps, RUN, simulatorPorts),
    await simulate(second.deps, RUN, simulatorPorts),
  ];
}, 600_000);
afterAll(async () => {
  await first.close();
  await second.close();
});

describe('the plant simulator', () => {
  test('two runs with one seed give identical reports, with orders, quotes and shipments in them', () => {
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[0]!.orders).toBeGreaterThan(0);
    expect(reports[0]!.quotes.sent).toBeGreaterThan(0);
    expect(reports[0]!.quotes.won + reports[0]!.quotes.lost).toBeGreaterThan(0);
  });

  test("a run's orders, promise ledgers and shipments read through the API agree: no line ships more than its quantity, none arrives before it ships", async () => {
    const res = await first.http
      .post('/api/auth/token')
      .send({ email: 'admin@sim.factorydesk.test', password: 'factorydesk-simulated' })
      .expect(200);
    const server = buildApp(first.deps).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const api = apiClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
      const admin = {
        token: res.body.token as string,
        userId: res.body.user.id as string,
        login: { email: '', password: '' },
      };
      const orders = await readOrders(api, admin);
      expect(orders.length).toBe(reports[0]!.orders);
      let lines = 0;
      for (const o of orders) {
        for (const l of o.lines as Array<{
          lineNo: number;
          quantity: number;
          shippedQuantity: number;
          promiseHistory: unknown[];
        }>) {
          lines++;
          const shipped = (o.shipments as Array<{ orderLineNo: number; quantity: number }>)
            .filter((s) => s.orderLineNo === l.lineNo)
            .reduce((sum, s) => sum + s.quantity, 0);
          expect(shipped).toBeLessThanOrEqual(l.quantity);
          expect(l.shippedQuantity).toBe(shipped);
          expect(l.promiseHistory.length).toBeGreaterThan(0);
        }
        for (const s of o.shipments as Array<{ shipDate: string; deliveredDate: string | null }>)
          if (s.deliveredDate !== null) expect(s.shipDate <= s.deliveredDate).toBe(true);
      }
      expect(lines).toBe(reports[0]!.orderLines);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
