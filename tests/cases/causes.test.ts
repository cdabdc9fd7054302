import { complaintRates, paretoOf } from '../../src/cases/causes.engine';
import { todayIso } from '../../src/shared/time';
import { createCustomer, uniq } from '../support/factories';
import { useTestApp } from '../support/test-app';
import { shippedLine } from './helpers';

const t = useTestApp();
const service = t.user('service');
const admin = t.user('admin');

type User = typeof service;
const send = (method: 'post' | 'put', user: User, url: string, body: object) =>
  t.http[method](url).set('authorization', user.auth).send(body);
const get = (user: User, url: string) => t.http.get(url).set('authorization', user.auth);

const code = () =>
  uniq('C')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 20);

async function addCause(label: string): Promise<string> {
  const c = code();
  const res = await send('post', admin, '/api/case-causes', { code: c, label });
  expect(res.status).toBe(201);
  return c;
}

async function closedComplaint(accountId: string, causeCode: string, extra: object = {}) {
  const opened = await send('post', service, '/api/cases', {
    accountId,
    type: 'complaint',
    subject: 'Defect',
    description: 'Defect found',
    ...extra,
  });
  expect(opened.status).toBe(201);
  await send('post', service, `/api/cases/${opened.body.id}/status`, { status: 'resolved', reason: 'fixed' });
  const closed = await send('post', service, `/api/cases/${opened.body.id}/status`, {
    status: 'closed',
    causeCode,
  });
  expect(closed.status).toBe(200);
  return opened.body.id as string;
}

describe('the Pareto and the rates, worked by hand', () => {
  test.each([
    // 5 + 3 + 2 = 10: shares 50, 30, 20; running 50, 80, 100. Ties go by code.
    [
      [
        { causeCode: 'B', label: 'b', count: 3 },
        { causeCode: 'A', label: 'a', count: 5 },
        { causeCode: 'C', label: 'c', count: 2 },
      ],
      [
        ['A', 50, 50],
        ['B', 30, 80],
        ['C', 20, 100],
      ],
    ],
    // 1 + 1 + 1 = 3: 33.3 each; running 33.3, 66.7 (66.66… rounds up), 100.
    [
      [
        { causeCode: 'Z', label: 'z', count: 1 },
        { causeCode: 'X', label: 'x', count: 1 },
        { causeCode: 'Y', label: 'y', count: 1 },
      ],
      [
        ['X', 33.3, 33.3],
        ['Y', 33.3, 66.7],
        ['Z', 33.3, 100],
      ],
    ],
  ])('paretoOf(%j)', (counts, expected) => {
    const { rows } = paretoOf(counts);
    expect(rows.map((r) => [r.causeCode, r.pct, r.cumulativePct])).toEqual(expected);
  });

  test('complaints per 100 lines: 3 of 40 is 7.5, 1 of 3 is 33.3, a family with no shipped line has no rate', () => {
    expect(
      complaintRates(
        [
          { family: 'PUMP', count: 3 },
          { family: 'VALVE', count: 1 },
          { family: 'MOTOR', count: 2 },
        ],
        [
          { family: 'PUMP', count: 40 },
          { family: 'VALVE', count: 3 },
          { family: 'GEAR', count: 10 },
        ],
      ),
    ).toEqual([
      { family: 'VALVE', complaints: 1, linesShipped: 3, per100Lines: 33.3 },
      { family: 'PUMP', complaints: 3, linesShipped: 40, per100Lines: 7.5 },
      { family: 'GEAR', complaints: 0, linesShipped: 10, per100Lines: 0 },
      { family: 'MOTOR', complaints: 2, linesShipped: 0, per100Lines: null },
    ]);
  });
});

async function resolvedCase(accountId: string, type: string) {
  const c = await send('post', service, '/api/cases', {
    accountId,
    type,
    subject: 'Defect',
    description: 'Found',
  });
  await send('post', service, `/api/cases/${c.body.id}/status`, { status: 'resolved' });
  return c;
}

describe('cause codes', () => {
  test('a complaint is closed only with an active cause code; the refusal leaves it resolved', async () => {
    const customer = await createCustomer(t.deps.db);
    const c = await resolvedCase(customer.accountId!, 'complaint');
    const bare = await send('post', service, `/api/cases/${c.body.id}/status`, { status: 'closed' });
    expect(bare.status).toBe(422);
    expect(bare.body.error).toMatchObject({ code: 'business_rule', details: [{ path: '/causeCode' }] });

    const retired = await addCause('Retired cause');
    expect(
      (await send('put', admin, `/api/case-causes/${retired}`, { label: 'Old', active: false })).status,
    ).toBe(200);
    const withRetired = await send('post', service, `/api/cases/${c.body.id}/status`, {
      status: 'closed',
      causeCode: retired,
    });
    expect(withRetired.status).toBe(422);
    expect((await get(service, `/api/cases/${c.body.id}`)).body.status).toBe('resolved');

    const packing = await addCause('Packing damage');
    expect((await send('put', service, `/api/cases/${c.body.id}/cause`, { causeCode: packing })).status).toBe(
      200,
    );
    const closed = await send('post', service, `/api/cases/${c.body.id}/status`, { status: 'closed' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  });

  test('a question closes without a cause', async () => {
    const customer = await createCustomer(t.deps.db);
    const q = await resolvedCase(customer.accountId!, 'question');
    expect((await send('post', service, `/api/cases/${q.body.id}/status`, { status: 'closed' })).status).toBe(
      200,
    );
  });

  test('only admins keep the list: a duplicate code answers 409, a service user 403, a bad code 400', async () => {
    const c = await addCause('Supplier lot');
    expect((await send('post', admin, '/api/case-causes', { code: c, label: 'again' })).status).toBe(409);
    expect((await send('post', service, '/api/case-causes', { code: code(), label: 'x' })).status).toBe(403);
    expect((await send('post', admin, '/api/case-causes', { code: 'lower case', label: 'x' })).status).toBe(
      400,
    );
    const list = await get(service, '/api/case-causes');
    expect(list.body).toContainEqual({ code: c, label: 'Supplier lot', active: true });
  });

  test("the Pareto of one customer's closed complaints: 3 supplier, 2 packing, 1 handling", async () => {
    const customer = await createCustomer(t.deps.db);
    const [supplier, packing, handling] = [
      await addCause('Supplier'),
      await addCause('Packing'),
      await addCause('Handling'),
    ];
    for (const cause of [supplier, packing, supplier, handling, supplier, packing])
      await closedComplaint(customer.accountId!, cause);
    const month = todayIso().slice(0, 7);
    const res = await get(
      service,
      `/api/case-causes/pareto?from=${month}&to=${month}&accountId=${customer.accountId}`,
    );
    expect(res.status).toBe(200);
    // 6 in all: 3/6 = 50, 2/6 = 33.3 (running 83.3), 1/6 = 16.7 (running 100).
    expect(res.body.total).toBe(6);
    expect(
      res.body.rows.map((r: { causeCode: string; pct: number; cumulativePct: number }) => [
        r.causeCode,
        r.pct,
        r.cumulativePct,
      ]),
    ).toEqual([
      [supplier, 50, 50],
      [packing, 33.3, 83.3],
      [handling, 16.7, 100],
    ]);
    expect((await get(service, '/api/case-causes/pareto?from=2026-13')).status).toBe(400);
  });

  test('complaints per 100 lines shipped, by family: 1 complaint on 4 shipped lines of a family is 25', async () => {
    const family = uniq('FAM').toUpperCase().slice(0, 30);
    const customer = await createCustomer(t.deps.db);
    const lines = [];
    for (let i = 0; i < 4; i++) {
      const line = await shippedLine(t, customer, { shipDate: todayIso() });
      await t.deps.db('items').where({ sku: line.sku }).update({ family });
      lines.push(line);
    }
    const cause = await addCause('Wear');
    await closedComplaint(customer.accountId!, cause, { orderId: lines[0]!.orderId, lineNo: 1 });
    const month = todayIso().slice(0, 7);
    const res = await get(service, `/api/case-causes/rates?from=${month}&to=${month}`);
    expect(res.status).toBe(200);
    expect(res.body.rows).toContainEqual({ family, complaints: 1, linesShipped: 4, per100Lines: 25 });
    const pareto = await get(service, `/api/case-causes/pareto?from=${month}&to=${month}&family=${family}`);
    expect(pareto.body.rows).toEqual([
      { causeCode: cause, label: 'Wear', count: 1, pct: 100, cumulativePct: 100 },
    ]);
  });
});
