import { simulate } from '../../fixtures/simulator/simulate';
import { seedDemo } from '../../src/demo';
import { TestClock, useClock } from '../../src/shared/clock';
import { simulatorPorts } from '../../src/simulation';
import { useTestApp } from '../support/test-app';

/*
 * The demo company on a database of its own (its snapshot syncs close every row they do not
 * carry): what a new user finds after `npm start`, walked through the API as they would. The
 * history is made by the plant simulator as at the demo start, but 3 weeks of it instead of 26
 * (DEMO_WEEKS), ending on a fixed day so the demo's content does not depend on the day the test runs.
 */
const t = useTestApp({ isolated: true });
let logins: Awaited<ReturnType<typeof seedDemo>>;
let restoreClock: () => void;
const progress: string[] = [];

beforeAll(async () => {
  restoreClock = useClock(new TestClock('2026-11-20T07:00:00Z'));
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void progress.push(line));
  try {
    logins = await seedDemo(t.deps, {
      weeks: 3,
      history: (options) => simulate(t.deps, options, simulatorPorts),
    });
  } finally {
    log.mockRestore();
  }
  await t.deps.jobs.drain();
}, 300_000);
afterAll(() => restoreClock());

type Line = {
  lineNo: number;
  open: boolean;
  slipped: { reason: string } | null;
};
type Order = {
  id: string;
  status: string;
  lines: Line[];
  shipments: Array<{ orderLineNo: number; carrier: string | null; trackingNo: string | null }>;
};

async function tokenOf(role: string): Promise<string> {
  const login = logins.find((l) => l.role === role)!;
  const res = await t.http.post('/api/auth/token').send({ email: login.email, password: login.password });
  return `Bearer ${res.body.token as string}`;
}

type Json = Record<string, any>;

async function listAll(path: string, token: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: Json[]; nextCursor: string | null } } = await t.http
      .get(`${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      .set('authorization', token)
      .expect(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

async function ordersOf(token: string): Promise<Order[]> {
  const list = await listAll('/api/orders', token);
  const orders: Order[] = [];
  for (const o of list)
    orders.push((await t.http.get(`/api/orders/${o.id}`).set('authorization', token).expect(200)).body);
  return orders;
}

describe('the demo company', () => {
  test('its history is simulated up to today, with a progress line per simulated month', () => {
    expect(progress).toEqual([
      'demo company: simulated up to 2026-10-31',
      'demo company: simulated up to 2026-11-20',
    ]);
  });

  test('the demo buyer sees past orders shipped with carrier and tracking number, open orders, and a line that slipped with its reason', async () => {
    const orders = await ordersOf(await tokenOf('customer'));
    const shipped = orders.filter((o) => o.shipments.length > 0);
    expect(shipped.length).toBeGreaterThan(0);
    expect(
      shipped
        .flatMap((o) => o.shipments)
        .every((s) => s.carrier !== null && /\w{6,}/.test(s.trackingNo ?? '')),
    ).toBe(true);
    expect(orders.some((o) => o.lines.some((l) => l.open))).toBe(true);
    const slipped = orders.flatMap((o) => o.lines).filter((l) => l.slipped !== null);
    expect(slipped.length).toBeGreaterThan(0);
    expect(slipped.every((l) => l.slipped!.reason.length > 10)).toBe(true);
  });

  test('the account manager sees quotes won and quotes lost', async () => {
    const am = await tokenOf('account_manager');
    const statuses = new Set((await listAll('/api/quotes', am)).map((q) => q.status as string));
    expect(statuses.has('accepted')).toBe(true);
    expect(statuses.has('rejected') || statuses.has('expired')).toBe(true);
  });

  test('the account manager finds an open request with a custom item to quote, and the buyer a sent quote it can accept into an order', async () => {
    const am = await tokenOf('account_manager');
    const buyer = await tokenOf('customer');
    // The negotiation in progress is the newest: the history's requests come before it.
    const requests = (await t.http.get('/api/quote-requests?limit=100').set('authorization', am).expect(200))
      .body.items as Array<{ id: string; status: string; assignedTo: string | null; notes: string | null }>;
    const demo = requests.filter((r) => /spring shutdown|FD-2231/.test(r.notes ?? ''));
    expect(demo.map((r) => r.status).sort()).toEqual(['open', 'quoted']);
    expect(demo.every((r) => r.assignedTo !== null)).toBe(true);

    // Quote the open request; the custom flange needs the account manager's price and lead time.
    const open = demo.find((r) => r.status === 'open')!;
    const draft = await t.http
      .post('/api/quotes')
      .set('authorization', am)
      .send({
        accountId: (await t.http.get(`/api/quote-requests/${open.id}`).set('authorization', am)).body
          .accountId,
        quoteRequestId: open.id,
      });
    expect(draft.status).toBe(201);
    expect(draft.body.lines.map((l: { priceSource: string }) => l.priceSource)).toEqual([
      expect.stringMatching(/agreement|list/),
      'missing',
    ]);

    // The quoted request's quote, the buyer's newest, waits for the answer.
    const quoted = demo.find((r) => r.status === 'quoted')!;
    const sent = (await listAll('/api/quotes', buyer))
      .filter((q) => q.status === 'sent')
      .sort((a, b) => (a.number < b.number ? 1 : -1));
    const newest = (await t.http.get(`/api/quotes/${sent[0]!.id}`).set('authorization', buyer).expect(200))
      .body;
    expect(newest.quoteRequestId).toBe(quoted.id);
    const quotesToAccept = sent;
    const pdf = await t.http.get(`/api/quotes/${quotesToAccept[0]!.id}/pdf`).set('authorization', buyer);
    expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
    const accepted = await t.http
      .post(`/api/quotes/${quotesToAccept[0]!.id}/accept`)
      .set('authorization', buyer)
      .send({ revision: 1 });
    expect(accepted.status).toBe(201);
    const order = await t.http
      .get(`/api/orders/${accepted.body.orderId}`)
      .set('authorization', buyer)
      .expect(200);
    expect(order.body.lines.length).toBeGreaterThan(1);
    expect(
      order.body.lines.every(
        (l: { confirmedDate: string | null; unitPrice: number }) =>
          l.confirmedDate !== null && l.unitPrice > 0,
      ),
    ).toBe(true);
  });
});
