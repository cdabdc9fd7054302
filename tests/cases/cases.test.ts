import fs from 'node:fs';
import path from 'node:path';
import { applyErpReturns, sweepSla } from '../../src/cases';
import { addMonths } from '../../src/cases/case-rules';
import { addDays, todayIso } from '../../src/shared/time';
import { testContext, type TestContext } from '../support/app';
import { createAccount, createCustomer, createTestUser, type TestUser, uniq } from '../support/factories';
import { shippedLine } from './helpers';

let t: TestContext;
let service: TestUser;
let admin: TestUser;
beforeAll(async () => {
  t = testContext();
  service = await createTestUser(t.deps.db, 'service');
  admin = await createTestUser(t.deps.db, 'admin');
});
afterAll(() => t.close());

const post = (user: TestUser, url: string, body: object) =>
  t.http.post(url).set('authorization', user.auth).send(body);
const get = (user: TestUser, url: string) => t.http.get(url).set('authorization', user.auth);

async function openCase(user: TestUser, body: Record<string, unknown>) {
  const res = await post(user, '/api/cases', {
    type: 'complaint',
    subject: 'Valve leaks',
    description: 'The valve leaks at the flange after two days.',
    ...body,
  });
  if (res.status !== 201) throw new Error(`case refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('a customer reports a defect on a delivered line', () => {
  test('sees the staff reply but never the internal note, and the reply stops the first-response clock', async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer);
    const opened = await openCase(customer, {
      accountId: customer.accountId,
      orderId: line.orderId,
      lineNo: line.lineNo,
      severity: 'high',
      serialOrBatch: 'B-1',
    });
    expect(opened).toMatchObject({
      number: expect.stringMatching(/^CS-\d{6}$/),
      status: 'new',
      priority: 'P2',
      channel: 'portal',
      assignee: null,
      sla: { firstResponseState: expect.stringMatching(/running|warning|breached/) },
    });

    expect(
      (
        await post(service, `/api/cases/${opened.id}/messages`, {
          body: 'Supplier lot suspected',
          internal: true,
        })
      ).status,
    ).toBe(201);
    expect(
      (await post(service, `/api/cases/${opened.id}/messages`, { body: 'We are sending a technician.' }))
        .status,
    ).toBe(201);

    const seen = await get(customer, `/api/cases/${opened.id}`);
    expect(seen.status).toBe(200);
    const bodies = seen.body.timeline
      .filter((e: { kind: string }) => e.kind === 'message')
      .map((e: { body: string }) => e.body);
    expect(bodies).toEqual(['We are sending a technician.']);
    expect(JSON.stringify(seen.body)).not.toContain('Supplier lot');
    expect(seen.body.sla.firstResponseState).toBe('met');

    const staff = await get(service, `/api/cases/${opened.id}`);
    expect(staff.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'message',
      'message',
    ]);
    expect(staff.body.timeline[1]).toMatchObject({ internal: true, body: 'Supplier lot suspected' });
  });

  test('a customer may not write an internal note (403) and nothing is added', async () => {
    const customer = await createCustomer(t.deps.db);
    const c = await openCase(customer, { accountId: customer.accountId });
    const res = await post(customer, `/api/cases/${c.id}/messages`, { body: 'x', internal: true });
    expect(res.status).toBe(403);
    expect((await get(service, `/api/cases/${c.id}`)).body.timeline).toHaveLength(1);
  });
});

describe("another account's case", () => {
  test('answers 404 to a customer, exactly like a missing one, for reading, replying and listing', async () => {
    const mine = await createCustomer(t.deps.db);
    const theirs = await createCustomer(t.deps.db);
    const c = await openCase(theirs, { accountId: theirs.accountId });
    const missing = await get(mine, `/api/cases/00000000-0000-4000-8000-00000000dead`);
    const other = await get(mine, `/api/cases/${c.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe(missing.body.error.code);
    expect((await post(mine, `/api/cases/${c.id}/messages`, { body: 'hi' })).status).toBe(404);
    const list = await get(mine, '/api/cases');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
  });

  test("a case on another account's order line answers 404 and creates nothing", async () => {
    const mine = await createCustomer(t.deps.db);
    const theirs = await createCustomer(t.deps.db);
    const line = await shippedLine(t, theirs);
    const before = await t.deps.db('cases').where('account_id', mine.accountId).count({ n: '*' });
    const res = await post(mine, '/api/cases', {
      accountId: mine.accountId,
      type: 'complaint',
      subject: 's',
      description: 'd',
      orderId: line.orderId,
      lineNo: 1,
    });
    expect(res.status).toBe(404);
    const staff = await post(service, '/api/cases', {
      accountId: mine.accountId,
      type: 'complaint',
      subject: 's',
      description: 'd',
      orderId: line.orderId,
      lineNo: 1,
    });
    expect(staff.status).toBe(404);
    expect(await t.deps.db('cases').where('account_id', mine.accountId).count({ n: '*' })).toEqual(before);
    // Nor may a customer open a case for another account.
    expect(
      (
        await post(mine, '/api/cases', {
          accountId: theirs.accountId,
          type: 'question',
          subject: 's',
          description: 'd',
        })
      ).status,
    ).toBe(404);
  });
});

describe('status flow', () => {
  test('an illegal move answers 409 and changes nothing; a customer reply reopens a resolved case', async () => {
    const customer = await createCustomer(t.deps.db);
    const c = await openCase(customer, { accountId: customer.accountId });
    const bad = await post(service, `/api/cases/${c.id}/status`, { status: 'closed' });
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe('illegal_state');
    expect((await get(service, `/api/cases/${c.id}`)).body.status).toBe('new');

    expect(
      (await post(service, `/api/cases/${c.id}/status`, { status: 'waiting_on_customer' })).body.sla
        .resolutionState,
    ).toBe('paused');
    const replied = await post(customer, `/api/cases/${c.id}/messages`, { body: 'Photos attached' });
    expect(replied.body.status).toBe('open');
    expect(
      (await post(service, `/api/cases/${c.id}/status`, { status: 'resolved', reason: 'replaced' })).body.sla
        .resolutionState,
    ).toBe('met');
    expect((await post(service, `/api/cases/${c.id}/status`, { status: 'open' })).status).toBe(409);

    const reopened = await post(customer, `/api/cases/${c.id}/messages`, { body: 'Still leaking' });
    expect(reopened.body.status).toBe('open');
    expect(reopened.body.sla.resolutionState).toMatch(/running|warning|breached/);
    const moves = reopened.body.timeline
      .filter((e: { kind: string }) => e.kind === 'status_changed')
      .map((e: { from: string; to: string }) => `${e.from}>${e.to}`);
    expect(moves).toEqual([
      'new>waiting_on_customer',
      'waiting_on_customer>open',
      'open>resolved',
      'resolved>open',
    ]);
  });

  test('bad input answers the one error shape and changes nothing', async () => {
    const customer = await createCustomer(t.deps.db);
    const res = await post(customer, '/api/cases', {
      accountId: customer.accountId,
      type: 'rant',
      subject: '',
      description: 'd',
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', requestId: expect.any(String) });
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      '/extra',
      '/subject',
      '/type',
    ]);
    const [row] = await t.deps.db('cases').where('account_id', customer.accountId).count({ n: '*' });
    expect(Number(row?.n)).toBe(0);
  });
});

describe('SLA breaches', () => {
  test('a breach is recorded by the sweep once, and stays recorded after the case is resolved', async () => {
    const customer = await createCustomer(t.deps.db);
    const c = await openCase(customer, { accountId: customer.accountId, severity: 'critical' });
    // Three weeks later every P1 target (1 and 8 business hours) has long passed.
    const later = new Date(Date.parse(c.createdAt) + 21 * 86_400_000);
    expect(await sweepSla(t.deps, later)).toBeGreaterThanOrEqual(2);
    expect(await sweepSla(t.deps, later)).toBe(0);
    const breaches = async () =>
      (await get(service, `/api/cases/${c.id}`)).body.timeline.filter(
        (e: { kind: string }) => e.kind === 'sla_breached',
      );
    expect((await breaches()).map((e: { detail: string }) => e.detail).sort()).toEqual([
      'first_response',
      'resolution',
    ]);

    const resolved = await post(service, `/api/cases/${c.id}/status`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.sla).toMatchObject({
      firstResponseState: 'breached',
      resolutionState: 'breached',
      state: 'breached',
    });
    expect(resolved.body.breached).toBe(true);
    expect(await breaches()).toHaveLength(2);
    const listed = await get(service, `/api/cases?breached=true&accountId=${customer.accountId}`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
  });
});

describe('the queue', () => {
  test('lists the most urgent first (priority, then nearest due), with filters', async () => {
    const account = await createAccount(t.deps.db);
    const low = await openCase(service, { accountId: account.id, severity: 'low' });
    const critical = await openCase(service, { accountId: account.id, severity: 'critical', type: 'return' });
    const normal = await openCase(service, { accountId: account.id });
    const res = await get(service, `/api/cases?accountId=${account.id}`);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([critical.id, normal.id, low.id]);
    expect(normal.channel).toBe('phone');
    const returns = await get(service, `/api/cases?accountId=${account.id}&type=return`);
    expect(returns.body.items.map((i: { id: string }) => i.id)).toEqual([critical.id]);
    expect((await post(service, `/api/cases/${low.id}/assign`, { userId: service.id })).body).toMatchObject({
      assignee: service.id,
    });
    const mine = await get(service, `/api/cases?accountId=${account.id}&assignee=${service.id}`);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([low.id]);
    const page = await get(service, `/api/cases?accountId=${account.id}&limit=2`);
    const next = await get(
      service,
      `/api/cases?accountId=${account.id}&limit=2&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.items.map((i: { id: string }) => i.id)).toEqual([low.id]);
  });

  test('assigning to a customer user is refused (422)', async () => {
    const customer = await createCustomer(t.deps.db);
    const c = await openCase(service, { accountId: customer.accountId });
    const res = await post(service, `/api/cases/${c.id}/assign`, { userId: customer.id });
    expect(res.status).toBe(422);
  });
});

describe('SLA targets', () => {
  test('an admin changes a priority’s targets; a planner may not read them and a service user may not change them', async () => {
    const put = (user: TestUser, targets: object[]) =>
      t.http.put('/api/sla-targets').set('authorization', user.auth).send({ targets });
    expect(
      (await put(service, [{ priority: 'P4', firstResponseHours: 16, resolutionHours: 80 }])).status,
    ).toBe(403);
    const res = await put(admin, [{ priority: 'P4', firstResponseHours: 16.5, resolutionHours: 80 }]);
    expect(res.status).toBe(200);
    expect(res.body.targets).toContainEqual({
      priority: 'P4',
      firstResponseHours: 16.5,
      resolutionHours: 80,
    });
    await put(admin, [{ priority: 'P4', firstResponseHours: 16, resolutionHours: 80 }]);
    const planner = await createTestUser(t.deps.db, 'planner');
    expect((await get(planner, '/api/sla-targets')).status).toBe(403);
  });
});

describe('returns (RMAs)', () => {
  test('a return is authorized up to what shipped less what was already authorized; beyond that 422 and nothing is written', async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { quantity: 8, shipped: 5 });
    const c = await openCase(customer, {
      accountId: customer.accountId,
      orderId: line.orderId,
      lineNo: 1,
      type: 'return',
    });
    const rma = (quantity: number) =>
      post(service, `/api/cases/${c.id}/rma`, {
        disposition: 'credit',
        lines: [{ orderId: line.orderId, lineNo: 1, quantity, reason: 'leaking' }],
      });
    const first = await rma(3);
    expect(first.status).toBe(201);
    expect(first.body.rmaNumber).toMatch(/^RMA-\d{6}$/);
    const beyond = await rma(2.5);
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.details[0].path).toBe('/lines/0/quantity');
    expect((await rma(2)).status).toBe(201);
    expect((await rma(0.001)).status).toBe(422);
    const detail = await get(customer, `/api/cases/${c.id}`);
    expect(detail.body.rmas.map((r: { lines: Array<{ quantity: number }> }) => r.lines[0]!.quantity)).toEqual(
      [3, 2],
    );
    expect(
      (
        await post(customer, `/api/cases/${c.id}/rma`, {
          disposition: 'credit',
          lines: [{ orderId: line.orderId, lineNo: 1, quantity: 1, reason: 'x' }],
        })
      ).status,
    ).toBe(403);
  });

  test('a line that has not shipped cannot be returned (422)', async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { shipped: 0 });
    const c = await openCase(service, { accountId: customer.accountId });
    const res = await post(service, `/api/cases/${c.id}/rma`, {
      disposition: 'repair',
      lines: [{ orderId: line.orderId, lineNo: 1, quantity: 1, reason: 'x' }],
    });
    expect(res.status).toBe(422);
  });

  test("rma_out carries the authorized line for the ERP, and the ERP's returns rows close it", async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { quantity: 4 });
    const c = await openCase(service, { accountId: customer.accountId, orderId: line.orderId, lineNo: 1 });
    const { body } = await post(service, `/api/cases/${c.id}/rma`, {
      disposition: 'replace',
      lines: [{ orderId: line.orderId, lineNo: 1, quantity: 4, reason: 'cracked housing' }],
    });
    await t.deps.jobs.drain();
    const csv = () => fs.readFileSync(path.join(t.deps.config.exportDir, 'rma_out.csv'), 'utf8');
    expect(csv().split('\r\n')[0]).toBe(
      'rma_number,line_no,erp_customer_id,order_number,order_line_no,sku,quantity,reason,disposition,authorized_at',
    );
    const row = csv()
      .split('\r\n')
      .find((l) => l.startsWith(`${body.rmaNumber},`));
    expect(row?.split(',').slice(0, 9)).toEqual([
      body.rmaNumber,
      '1',
      customer.account.erp_customer_id!,
      line.orderNumber,
      '1',
      line.sku,
      '4',
      'cracked housing',
      'replace',
    ]);

    const receipt = (ref: string, quantity: string) => ({
      return_ref: ref,
      line_no: 1,
      rma_number: body.rmaNumber,
      rma_line_no: 1,
      sku: line.sku,
      quantity,
      received_date: todayIso(),
      condition: 'defective',
      serial_or_batch: null,
      row_hash: 'b'.repeat(40),
      updated_at: new Date().toISOString(),
    });
    await t.deps.db('erp_returns').insert(receipt(uniq('RE'), '1.5'));
    await applyErpReturns(t.deps);
    const part = (await get(service, `/api/cases/${c.id}`)).body;
    expect(part.rmas[0]).toMatchObject({
      status: 'partially_received',
      lines: [{ quantity: 4, receivedQuantity: 1.5 }],
    });

    await t.deps.db('erp_returns').insert(receipt(uniq('RE'), '2.5'));
    await applyErpReturns(t.deps);
    expect(await applyErpReturns(t.deps)).toBe(0);
    const done = (await get(customer, `/api/cases/${c.id}`)).body;
    expect(done.rmas[0]).toMatchObject({ status: 'received', lines: [{ receivedQuantity: 4 }] });
    expect(
      done.timeline
        .filter((e: { kind: string }) => e.kind === 'rma_received')
        .map((e: { to: string }) => e.to),
    ).toEqual(['partially_received', 'received']);
    await t.deps.jobs.drain();
    expect(csv()).not.toContain(`${body.rmaNumber},`);
  });
});

describe('warranty', () => {
  const today = todayIso();
  test.each([
    ['within its 12 months', 12, addMonths(addDays(today, 1), -12), true],
    ['on its last day', 12, addMonths(today, -12), true],
    ['a day after it ended', 12, addMonths(addDays(today, -1), -12), false],
    ['on an item without warranty', 0, addDays(today, -3), false],
  ])('a case on a line shipped %s: applies = %s', async (_what, months, shipDate, applies) => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { warrantyMonths: months, shipDate });
    const c = await openCase(customer, {
      accountId: customer.accountId,
      orderId: line.orderId,
      lineNo: 1,
      type: 'warranty',
    });
    expect(c.warranty).toMatchObject({ applies, until: addMonths(shipDate, months) });
  });

  test('a case on a line not shipped, or on no line, has no warranty', async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { shipped: 0, warrantyMonths: 24 });
    expect(
      (await openCase(customer, { accountId: customer.accountId, orderId: line.orderId, lineNo: 1 }))
        .warranty,
    ).toBeNull();
    expect((await openCase(customer, { accountId: customer.accountId })).warranty).toBeNull();
  });
});
