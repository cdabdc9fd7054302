import crypto from 'node:crypto';
import { buildApp } from '../../src/app';
import { describeInBrowser, overflowsSideways, pagesInBrowser, shoot } from '../support/browser';
import { shippedLine } from '../cases/helpers';
import { createCustomer, createTestUser, TEST_PASSWORD, type TestUser, uniq } from '../support/factories';
import { csrfOf, pageSession } from '../support/page-session';
import { useTestApp } from '../support/test-app';

const t = useTestApp();
const service = t.user('service');
const admin = t.user('admin');

const api = (user: TestUser, method: 'get' | 'post' | 'put', url: string, body?: object) =>
  t.http[method](url).set('authorization', user.auth).send(body);

async function openCase(user: TestUser, body: Record<string, unknown> = {}): Promise<string> {
  const res = await api(service, 'post', '/api/cases', {
    accountId: user.accountId,
    type: 'complaint',
    subject: 'Valve leaks',
    description: 'The valve leaks at the flange.',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const caseOf = async (id: string) => (await api(service, 'get', `/api/cases/${id}`)).body;
const session = (user: TestUser) => pageSession(buildApp(t.deps), user);
const shown = async (s: Awaited<ReturnType<typeof session>>, page: string) => (await s.agent.get(page)).text;

async function addCause(): Promise<string> {
  const code = uniq('C')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 20);
  expect((await api(admin, 'post', '/api/case-causes', { code, label: `Cause ${code}` })).status).toBe(201);
  return code;
}

describe('assigning a case on the case page', () => {
  test('staff assign the case to a staff member from the select; the case shows the assignee', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer);
    const colleague = await createTestUser(t.deps.db, 'account_manager');
    const s = await session(service);
    const page = `/cases/${caseId}`;
    expect(await shown(s, page)).toContain(`<option value="${colleague.id}"`);
    const res = await s.post(page, `${page}/assign`, { userId: colleague.id });
    expect([res.status, res.headers.location]).toEqual([303, page]);
    expect(await shown(s, page)).toContain('is assigned');
    expect((await caseOf(caseId)).assignee).toBe(colleague.id);
  });

  test('a customer may not assign (refused, nothing changes) and has no staff forms', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer);
    const s = await session(customer);
    const page = `/cases/${caseId}`;
    const html = await shown(s, page);
    expect(html).not.toContain('id="case-actions"');
    const res = await s.post(page, `${page}/assign`, { userId: service.id });
    expect(res.status).toBe(303);
    expect(await shown(s, page)).toContain('Your role may not do this');
    expect((await caseOf(caseId)).assignee).toBeNull();
  });

  test('a user who is not staff is refused in the API words', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer);
    const s = await session(service);
    const page = `/cases/${caseId}`;
    await s.post(page, `${page}/assign`, { userId: customer.id });
    expect(await shown(s, page)).toContain(
      'Cases are assigned to active service, account manager or admin users',
    );
    expect((await caseOf(caseId)).assignee).toBeNull();
  });
});

describe('authorizing a return on the case page', () => {
  test('service authorizes a return of the shipped line; over what is left it is refused and nothing is written', async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { quantity: 8, shipped: 5 });
    const caseId = await openCase(customer, { orderId: line.orderId, lineNo: 1, type: 'return' });
    const s = await session(service);
    const page = `/cases/${caseId}`;
    expect(await shown(s, page)).toContain('id="case-rma"');
    await s.post(page, `${page}/rma`, {
      quantity: '3',
      disposition: 'return_to_customer',
      reason: 'leaking',
    });
    expect(await shown(s, page)).toMatch(/Return RMA-\d{6} is authorized/);
    await s.post(page, `${page}/rma`, { quantity: '2,5', disposition: 'credit', reason: 'more' });
    const refused = await shown(s, page);
    expect(refused).toContain('The return cannot be authorized');
    expect(refused).toContain('exceeds what shipped less what was already authorized (2)');
    const { rmas } = await caseOf(caseId);
    expect(
      rmas.map((r: { disposition: string; lines: Array<{ quantity: number }> }) => [
        r.disposition,
        r.lines[0]!.quantity,
      ]),
    ).toEqual([['return_to_customer', 3]]);
  });

  test('an account manager (not allowed by the API) gets no form and is refused; a bad disposition is refused', async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { shipped: 5 });
    const caseId = await openCase(customer, { orderId: line.orderId, lineNo: 1, type: 'return' });
    const page = `/cases/${caseId}`;
    const am = await session(await createTestUser(t.deps.db, 'account_manager'));
    expect(await shown(am, page)).not.toContain('id="case-rma"');
    await am.post(page, `${page}/rma`, { quantity: '1', disposition: 'credit', reason: 'x' });
    expect(await shown(am, page)).toContain('Your role may not do this');
    const s = await session(service);
    await s.post(page, `${page}/rma`, { quantity: '1', disposition: 'melt', reason: 'x' });
    expect(await shown(s, page)).toContain('The return is not valid');
    expect((await caseOf(caseId)).rmas).toEqual([]);
  });
});

describe('setting the cause on the case page', () => {
  test('staff set an active cause on a complaint; a customer is refused and an unknown case is 404, the cause unchanged', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer);
    const code = await addCause();
    const page = `/cases/${caseId}`;
    const s = await session(service);
    expect(await shown(s, page)).toContain('id="case-cause"');
    await s.post(page, `${page}/cause`, { causeCode: code });
    expect(await shown(s, page)).toContain(`The cause is ${code} now`);

    const other = await addCause();
    const owner = await session(customer);
    await owner.post(page, `${page}/cause`, { causeCode: other });
    expect(await shown(owner, page)).toContain('Your role may not do this');
    const missing = `/cases/${crypto.randomUUID()}`;
    const csrf = csrfOf(await shown(s, page));
    const gone = await s.agent.post(`${missing}/cause`).type('form').send({ causeCode: other, _csrf: csrf });
    expect(gone.status).toBe(404);
    expect(await shown(s, page)).toContain(`data-test="cause">${code}<`);
  });

  test('an unknown cause code is refused with the reason and the cause stays as it was', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer);
    const code = await addCause();
    const page = `/cases/${caseId}`;
    const s = await session(service);
    await s.post(page, `${page}/cause`, { causeCode: code });
    await s.post(page, `${page}/cause`, { causeCode: 'NO-SUCH-CAUSE' });
    const html = await shown(s, page);
    expect(html).toContain('Choose a cause code from the list');
    expect(html).toContain(`data-test="cause">${code}<`);
  });
});

describe('editing an article on the knowledge pages', () => {
  async function article(): Promise<string> {
    const res = await api(service, 'post', '/api/knowledge/articles', {
      title: 'Flange leaks',
      problem: 'A valve leaks at the flange.',
      solution: 'Tighten crosswise to 40 Nm.',
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  test('service rewrites the article in the page and search finds the new words', async () => {
    const id = await article();
    const page = `/knowledge/articles/${id}`;
    const s = await session(service);
    expect(await shown(s, page)).toContain('id="article-edit"');
    const word = uniq('gasket').replace(/[^a-z0-9]/gi, '');
    const res = await s.post(page, page, {
      title: 'Flange leaks',
      problem: 'Leak.',
      solution: `Replace the ${word}.`,
    });
    expect([res.status, res.headers.location]).toEqual([303, page]);
    expect(await shown(s, page)).toContain('The article was saved');
    const found = await api(service, 'get', `/api/knowledge?q=${word}`);
    expect(found.body.articles.map((a: { id: string }) => a.id)).toContain(id);
  });

  test('a blank field or an account manager is refused and the article stays as it was', async () => {
    const id = await article();
    const page = `/knowledge/articles/${id}`;
    const s = await session(service);
    await s.post(page, page, { title: 'New title', problem: '', solution: 'x' });
    expect(await shown(s, page)).toContain('Please fill in every field');
    const am = await session(await createTestUser(t.deps.db, 'account_manager'));
    expect(await shown(am, page)).not.toContain('id="article-edit"');
    await am.post(page, page, { title: 'New title', problem: 'p', solution: 's' });
    expect(await shown(am, page)).toContain('Your role may not do this');
    expect((await api(service, 'get', `/api/knowledge/articles/${id}`)).body.title).toBe('Flange leaks');
  });
});

describeInBrowser('the case page with its staff forms in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test('service authorizes a return with the form; the page fits a 390 px phone', async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { shipped: 4 });
    const caseId = await openCase(customer, { orderId: line.orderId, lineNo: 1 });
    await addCause();
    const page = await signIn(service);
    await page.goto(`${at.url}/cases/${caseId}`);
    await page.fill('#case-rma input[name=quantity]', '1.5');
    await page.selectOption('#case-rma select[name=disposition]', 'repair');
    await page.fill('#case-rma input[name=reason]', 'Seal worn');
    await Promise.all([page.waitForURL(`**/cases/${caseId}`), page.click('#case-rma button[type=submit]')]);
    expect(await page.textContent('body')).toMatch(/Return RMA-\d{6} is authorized/);
    for (const [suffix, width] of [
      ['desktop', 1280],
      ['phone', 390],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await shoot(page, `case-actions-${suffix}`);
      expect(await overflowsSideways(page)).toBe(false);
    }
  });
});
