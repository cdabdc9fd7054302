import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { sweepSla } from '../../src/cases';
import { backlogByAge, type CaseFacts, caseFigures, type FigureRow } from '../../src/cases/figures.engine';
import { createCustomer } from '../support/factories';
import { useTestApp } from '../support/test-app';

const fact = (over: Partial<CaseFacts>): CaseFacts => ({
  assigneeId: 'A',
  createdAt: '2026-11-02T09:00:00.000Z',
  resolvedAt: '2026-11-03T09:00:00.000Z',
  status: 'closed',
  breached: false,
  staffReplies: 1,
  customerReplies: 0,
  reopens: 0,
  ...over,
});

/** A row's team member and figures, in the order the tables below write them. */
const figuresOf = (r: Partial<FigureRow>) => [
  r.assigneeId,
  r.opened,
  r.resolved,
  r.slaAttainmentPct,
  r.firstContactResolutionPct,
  r.reopenRatePct,
];

describe('the service figures, worked by hand', () => {
  test('per period and team member: SLA attainment, first-contact resolution, reopen rate', () => {
    const facts = [
      fact({}), // A, Nov: met, first contact
      fact({ breached: true }), // A, Nov: breached, first contact (one reply, no customer reply)
      fact({ staffReplies: 2 }), // A, Nov: met, not first contact
      fact({ customerReplies: 1, reopens: 1, status: 'resolved' }), // A, Nov: met, reopened
      fact({ assigneeId: 'B', resolvedAt: '2026-12-01T00:00:00.000Z' }), // B: opened Nov, resolved Dec
      fact({ assigneeId: null, status: 'open', resolvedAt: null }), // opened Nov, not resolved
      fact({ createdAt: '2026-10-31T23:59:59.999Z', resolvedAt: '2026-10-31T23:59:59.999Z' }), // before the range
      fact({ status: 'open', resolvedAt: '2026-11-05T00:00:00.000Z', reopens: 1 }), // reopened, open now: not resolved
    ];
    const byBoth = caseFigures(facts, { from: '2026-11', to: '2026-12' }, ['period', 'assignee']);
    const view = (rows: typeof byBoth) => rows.map((r) => [r.period, ...figuresOf(r)]);
    // A in November: 5 opened (the four resolved and the one reopened, still open); 4 resolved:
    // 3 met = 75.0, 2 at first contact = 50.0, 1 reopened = 25.0.
    expect(view(byBoth)).toEqual([
      ['2026-11', 'A', 5, 4, 75, 50, 25],
      ['2026-11', 'B', 1, 0, null, null, null],
      ['2026-11', null, 1, 0, null, null, null],
      ['2026-12', 'B', 0, 1, 100, 100, 0],
    ]);
    // The whole team by period: November 4 of 7 opened resolved; 3/4, 2/4, 1/4.
    expect(view(caseFigures(facts, { from: '2026-11', to: '2026-12' }, ['period']))).toEqual([
      ['2026-11', undefined, 7, 4, 75, 50, 25],
      ['2026-12', undefined, 0, 1, 100, 100, 0],
    ]);
    // Three resolved, one breached: 66.7 (2/3 rounds half away from zero).
    expect(caseFigures(facts.slice(1, 4), { from: '2026-11', to: '2026-11' }, [])[0]!.slaAttainmentPct).toBe(
      66.7,
    );
  });

  test('backlog by age: days since opening, in bands, per team member and for the team', () => {
    const now = Date.parse('2026-11-20T12:00:00.000Z');
    const open = (assigneeId: string | null, createdAt: string, status = 'open') =>
      fact({ assigneeId, createdAt, status, resolvedAt: null });
    const { rows, team } = backlogByAge(
      [
        open('A', '2026-11-20T00:00:00.000Z'), // 0.5 d
        open('A', '2026-11-19T12:00:00.000Z'), // exactly 1 d: 1-3d
        open('A', '2026-11-13T12:00:00.001Z'), // just under 7 d: 3-7d
        open('B', '2026-11-06T12:00:00.000Z', 'waiting_on_customer'), // 14 d: 14d+
        open(null, '2026-11-10T00:00:00.000Z', 'new'), // 10.5 d: 7-14d
        fact({ createdAt: '2026-11-01T00:00:00.000Z' }), // closed: not backlog
      ],
      now,
    );
    expect(rows.map((r) => [r.assigneeId, r.counts, r.total])).toEqual([
      ['A', [1, 1, 1, 0, 0], 3],
      ['B', [0, 0, 0, 0, 1], 1],
      [null, [0, 0, 0, 1, 0], 1],
    ]);
    expect([team.counts, team.total]).toEqual([[1, 1, 1, 1, 1], 5]);
  });
});

describe('GET /api/case-figures and its workbook', () => {
  // The figures count every case of the database: this file's own.
  const t = useTestApp({ isolated: true });
  const agent = t.user('service');
  const other = t.user('service');
  const admin = t.user('admin');
  type User = typeof agent;
  const post = (user: User, url: string, body: object) =>
    t.http.post(url).set('authorization', user.auth).send(body);

  async function opened(accountId: string, assignee: User | null) {
    const res = await post(admin, '/api/cases', {
      accountId,
      type: 'question',
      subject: 'Q',
      description: 'D',
    });
    expect(res.status).toBe(201);
    if (assignee) await post(admin, `/api/cases/${res.body.id}/assign`, { userId: assignee.id });
    return res.body.id as string;
  }
  const resolve = (id: string) => post(agent, `/api/cases/${id}/status`, { status: 'resolved' });

  test('a first-contact case, a reopened one, a twice-answered one, a breached one and an open one', async () => {
    const customer = await createCustomer(t.deps.db);
    const acct = customer.accountId!;
    const first = await opened(acct, agent);
    await post(agent, `/api/cases/${first}/messages`, { body: 'Here is the answer' });
    await resolve(first);
    const reopened = await opened(acct, agent);
    await resolve(reopened);
    await post(customer, `/api/cases/${reopened}/messages`, { body: 'Still broken' });
    await resolve(reopened);
    const twice = await opened(acct, agent);
    await post(agent, `/api/cases/${twice}/messages`, { body: 'One' });
    await post(agent, `/api/cases/${twice}/messages`, { body: 'Two' });
    await resolve(twice);
    const late = await opened(acct, other);
    // A month of business time later both clocks of the open case have breached.
    expect(await sweepSla(t.deps, new Date(Date.now() + 31 * 86_400_000))).toBe(2);
    await resolve(late);
    await opened(acct, null);

    const month = new Date().toISOString().slice(0, 7);
    const res = await t.http
      .get(`/api/case-figures?from=${month}&to=${month}&groupBy=assignee`)
      .set('authorization', agent.auth);
    expect(res.status).toBe(200);
    const rows = res.body.rows.map(figuresOf);
    // agent: 3 resolved, none breached = 100; first contact only `first` = 33.3; 1 reopened = 33.3.
    // other: the late one, breached = 0, first contact (no reply at all, never reopened) = 100.
    expect(rows).toEqual(
      [
        [agent.id, 3, 3, 100, 33.3, 33.3],
        [other.id, 1, 1, 0, 100, 0],
        [null, 1, 0, null, null, null],
      ].sort((a, b) => (a[0] === null ? 1 : b[0] === null ? -1 : String(a[0]).localeCompare(String(b[0])))),
    );
    expect(res.body.backlog.team).toEqual({ assigneeId: null, counts: [1, 0, 0, 0, 0], total: 1 });

    const xlsx = await t.http
      .get(`/api/case-figures.xlsx?from=${month}&to=${month}&groupBy=period,assignee`)
      .set('authorization', agent.auth)
      .buffer(true)
      .parse(binary);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const sheet = wb.getWorksheet('Figures')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      'Period',
      'Team member',
      'Opened',
      'Resolved',
      'SLA attainment %',
      'First-contact resolution %',
      'Reopen rate %',
    ]);
    const agentRow = [2, 3, 4].map(values).find((v) => v[1] === agent.email)!;
    expect(agentRow).toEqual([month, agent.email, 3, 3, 100, 33.3, 33.3]);
    expect(wb.getWorksheet('Backlog by age')!.rowCount).toBe(3);
  });

  test('bad input answers the one error shape; a customer is refused', async () => {
    const bad = await t.http.get('/api/case-figures?groupBy=team').set('authorization', agent.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: '/groupBy' }] });
    const backwards = await t.http
      .get('/api/case-figures?from=2026-12&to=2026-01')
      .set('authorization', agent.auth);
    expect(backwards.status).toBe(400);
    const customer = await createCustomer(t.deps.db);
    expect((await t.http.get('/api/case-figures').set('authorization', customer.auth)).status).toBe(403);
  });
});

function binary(res: Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
