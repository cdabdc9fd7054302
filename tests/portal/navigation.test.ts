import request from 'supertest';
import { buildApp } from '../../src/app';
import { NAVIGATION, NavEntry, navigationFor } from '../../src/portal';
import type { Actor } from '../../src/shared/http/actor';
import { testContext, TestContext } from '../support/app';
import { createCustomer, createTestUser, TEST_PASSWORD, TestUser } from '../support/factories';

let t: TestContext;
beforeAll(() => {
  t = testContext();
});
afterAll(() => t.close());

async function sessionOf(user: TestUser) {
  const agent = request.agent(buildApp(t.deps));
  const login = await agent.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!;
  const res = await agent
    .post('/login')
    .type('form')
    .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrf });
  expect(res.status).toBe(303);
  return agent;
}

/** The main navigation's links as rendered: [label, href]. */
const navOf = (html: string): string[][] => {
  const nav = /<nav class="main-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)</g)].map((m) => [m[2]!.trim(), m[1]!]);
};

const actor = (role: Actor['role']): Actor => ({
  userId: 'u',
  email: 'someone@test.example',
  role,
  accountId: null,
  via: 'session',
});

describe('the navigation by role', () => {
  test.each([
    [
      'planner',
      [
        ['Orders', '/orders'],
        ['Availability', '/availability'],
        ['Fulfillment risk', '/planning/risk'],
        ['Fulfillment metrics', '/metrics'],
        ['Accounts', '/accounts'],
        ['Follow-ups', '/follow-ups'],
        ['ERP sync', '/erp/sync-runs'],
      ],
    ],
    [
      'account_manager',
      [
        ['Quotes', '/quotes'],
        ['Quote requests', '/quote-requests'],
        ['Orders', '/orders'],
        ['Availability', '/availability'],
        ['New order', '/orders/new'],
        ['Inbox', '/inbox'],
        ['Service cases', '/cases'],
        ['Fulfillment risk', '/planning/risk'],
        ['Fulfillment metrics', '/metrics'],
        ['Accounts', '/accounts'],
        ['Follow-ups', '/follow-ups'],
      ],
    ],
  ] as const)(
    'a %s sees its links on the home page and in the navigation, and no other',
    async (role, links) => {
      const home = await (await sessionOf(await createTestUser(t.deps.db, role))).get('/');
      expect(home.status).toBe(200);
      expect(navOf(home.text)).toEqual(links);
      for (const [label, href] of links) expect(home.text).toContain(`<li><a href="${href}">${label}</a>`);
    },
  );

  test("the service desk's home is its queue, and its navigation has orders, availability and the cases", async () => {
    const service = await sessionOf(await createTestUser(t.deps.db, 'service'));
    const home = await service.get('/');
    expect([home.status, home.headers.location]).toEqual([303, '/cases']);
    const queue = await service.get('/cases');
    expect(queue.status).toBe(200);
    expect(navOf(queue.text)).toEqual([
      ['Orders', '/orders'],
      ['Availability', '/availability'],
      ['Service cases', '/cases'],
      ['Fulfillment metrics', '/metrics'],
      ['Accounts', '/accounts'],
      ['Follow-ups', '/follow-ups'],
    ]);
  });

  test('a customer sees quotes, requests, its orders and the request form, with what each is for', async () => {
    const home = await (await sessionOf(await createCustomer(t.deps.db))).get('/');
    expect(navOf(home.text)).toEqual([
      ['Quotes', '/quotes'],
      ['Quote requests', '/quote-requests'],
      ['Orders', '/orders'],
      ['Ask for a quotation', '/quote-requests/new'],
      ['Inbox', '/inbox'],
      ['Service cases', '/cases'],
      ['Delivery performance', '/portal/deliveries'],
    ]);
    expect(home.text).toContain('<a href="/orders">Orders</a> — your orders and their confirmed dates');
  });

  test('the page being shown is the current link, and on /orders/new that is "New order", not "Orders"', async () => {
    const am = await sessionOf(await createTestUser(t.deps.db, 'account_manager'));
    const current = (html: string) => /<a href="([^"]+)" aria-current="page"/g.exec(html)?.[1];
    expect(current((await am.get('/orders')).text)).toBe('/orders');
    expect(current((await am.get('/orders/new')).text)).toBe('/orders/new');
  });

  test('a count provider puts its number beside the link; one that fails leaves the number out, not the link', async () => {
    const table: NavEntry[] = [
      ...NAVIGATION,
      { label: 'Counted', href: '/counted', roles: ['planner'], count: async () => 3 },
      {
        label: 'Broken count',
        href: '/broken',
        roles: ['planner'],
        count: async () => {
          throw new Error('the count failed');
        },
      },
      { label: 'Not for planners', href: '/admins', roles: ['admin'], count: async () => 9 },
    ];
    const links = await navigationFor(t.deps, actor('planner'), '/counted', table);
    expect(links.map((l) => [l.label, l.count, l.current])).toEqual([
      ['Orders', undefined, false],
      ['Availability', undefined, false],
      ['Fulfillment risk', undefined, false],
      ['Fulfillment metrics', undefined, false],
      ['Accounts', undefined, false],
      ['Follow-ups', 0, false],
      ['ERP sync', undefined, false],
      ['Counted', 3, true],
      ['Broken count', undefined, false],
    ]);
  });
});
