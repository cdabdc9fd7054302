import { testContext, type TestContext } from '../support/app';
import { createAccount, createCustomer, createTestUser, type TestUser } from '../support/factories';
import { accountManagerQueue } from '../../src/desk';
import { sendFollowUpReminders } from '../../src/notifications';
import { createMailTransport } from '../../src/notifications/mail.transport';
import { addDays, todayIso } from '../../src/shared/time';
import { act, createQuote, stockedItem } from '../quotes/helpers';

let t: TestContext;
let am: TestUser;
let admin: TestUser;
beforeAll(async () => {
  t = testContext();
  am = await createTestUser(t.deps.db, 'account_manager');
  admin = await createTestUser(t.deps.db, 'admin');
});
afterAll(() => t.close());

const tomorrow = addDays(todayIso(), 1);
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00.000Z`;

async function followUp(user: TestUser, body: Record<string, unknown>) {
  return t.http.post('/api/follow-ups').set('authorization', user.auth).send(body);
}

async function mailsFor(dedupeKey: string) {
  return t.deps.db('mail_log').where({ dedupe_key: dedupeKey });
}

describe('POST /api/accounts/:id/interactions', () => {
  test('a logged call is listed on the account newest first, and its customer never sees it', async () => {
    const customer = await createCustomer(t.deps.db);
    const accountId = customer.account.id;
    const first = await t.http
      .post(`/api/accounts/${accountId}/interactions`)
      .set('authorization', am.auth)
      .send({
        kind: 'call',
        subject: 'Spring shutdown',
        people: 'Ms Weber',
        occurredAt: at(todayIso(), '08:00'),
      });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'call', internal: true, source: 'staff', people: 'Ms Weber' });
    const second = await t.http
      .post(`/api/accounts/${accountId}/interactions`)
      .set('authorization', am.auth)
      .send({
        kind: 'visit',
        subject: 'Plant tour',
        note: 'Saw the new line',
        occurredAt: at(todayIso(), '10:30'),
      });
    expect(second.status).toBe(201);

    const list = await t.http.get(`/api/accounts/${accountId}/interactions`).set('authorization', am.auth);
    expect(list.body.items.map((i: { subject: string }) => i.subject)).toEqual([
      'Plant tour',
      'Spring shutdown',
    ]);

    const seen = await t.http
      .get(`/api/accounts/${accountId}/interactions`)
      .set('authorization', customer.auth);
    expect([seen.status, seen.body.items]).toEqual([200, []]);
  });

  test("another account's interactions answer a customer 404, like an account that does not exist", async () => {
    const customer = await createCustomer(t.deps.db);
    const other = await createAccount(t.deps.db);
    const res = await t.http
      .get(`/api/accounts/${other.id}/interactions`)
      .set('authorization', customer.auth);
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    const post = await t.http
      .post(`/api/accounts/${customer.account.id}/interactions`)
      .set('authorization', customer.auth)
      .send({ kind: 'call', subject: 'Me' });
    expect(post.status).toBe(403);
  });

  test('an unknown kind, or a quote of another account, is refused and nothing is stored', async () => {
    const account = await createAccount(t.deps.db);
    const bad = await t.http
      .post(`/api/accounts/${account.id}/interactions`)
      .set('authorization', am.auth)
      .send({ kind: 'fax', subject: 'Old school' });
    expect([bad.status, bad.body.error.code, bad.body.error.details[0].path]).toEqual([
      400,
      'validation_failed',
      '/kind',
    ]);
    const other = await createAccount(t.deps.db);
    const { sku } = await stockedItem(t.deps.db, 10);
    const q = await createQuote(t.http, am, {
      accountId: other.id,
      lines: [{ sku, quantity: 1, requestedDate: addDays(todayIso(), 5) }],
    });
    const wrong = await t.http
      .post(`/api/accounts/${account.id}/interactions`)
      .set('authorization', am.auth)
      .send({ kind: 'call', subject: 'About a quote', quoteId: q.id });
    expect([wrong.status, wrong.body.error.code, wrong.body.error.details[0].path]).toEqual([
      422,
      'business_rule',
      '/quoteId',
    ]);
    expect(await t.deps.db('interactions').where({ account_id: account.id })).toEqual([]);
  });
});

describe('PUT /api/accounts/:id/contacts/:contactId', () => {
  test("replaces the contact's fields; a contact of another account answers 404 and stays as it was", async () => {
    const account = await createAccount(t.deps.db);
    const other = await createAccount(t.deps.db);
    const added = await t.http
      .post(`/api/accounts/${account.id}/contacts`)
      .set('authorization', am.auth)
      .send({ name: 'Anna Weber', phone: '+49 89 1' });
    const put = await t.http
      .put(`/api/accounts/${account.id}/contacts/${added.body.id}`)
      .set('authorization', am.auth)
      .send({ name: 'Anna Weber', title: 'Head of purchasing' });
    expect([put.status, put.body]).toEqual([
      200,
      {
        id: added.body.id,
        accountId: account.id,
        name: 'Anna Weber',
        email: null,
        phone: null,
        title: 'Head of purchasing',
      },
    ]);
    const wrong = await t.http
      .put(`/api/accounts/${other.id}/contacts/${added.body.id}`)
      .set('authorization', am.auth)
      .send({ name: 'Someone else' });
    expect([wrong.status, wrong.body.error.code]).toEqual([404, 'not_found']);
    const bad = await t.http
      .put(`/api/accounts/${account.id}/contacts/${added.body.id}`)
      .set('authorization', am.auth)
      .send({ name: 'Anna', email: 'not an address' });
    expect([bad.status, bad.body.error.details[0].path]).toEqual([400, '/email']);
    const list = await t.http.get(`/api/accounts/${account.id}/contacts`).set('authorization', am.auth);
    expect(list.body.items.map((c: { name: string; title: string }) => [c.name, c.title])).toEqual([
      ['Anna Weber', 'Head of purchasing'],
    ]);
  });
});

describe('POST /api/follow-ups', () => {
  // Slots are the 30 minutes from the due time; a new one collides with an open one of the same
  // owner when the two windows overlap, i.e. when their due times lie less than 30 minutes apart.
  test.each([
    ['09:00', '09:00', true],
    ['09:00', '09:29', true],
    ['09:00', '08:31', true],
    ['09:00', '09:30', false],
    ['09:00', '08:30', false],
    ['09:00', '11:00', false],
  ])('with one at %s, a new one at %s collides: %s', async (existing, added, collides) => {
    const owner = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db);
    const first = await followUp(owner, {
      accountId: account.id,
      subject: 'First',
      dueAt: at(tomorrow, existing),
    });
    expect([first.status, first.body.collisions]).toEqual([201, []]);
    const second = await followUp(owner, {
      accountId: account.id,
      subject: 'Second',
      dueAt: at(tomorrow, added),
    });
    expect(second.status).toBe(201);
    expect(second.body.collisions.map((c: { id: string }) => c.id)).toEqual(collides ? [first.body.id] : []);
  });

  test("a colleague's follow-up in the same slot, or one already done, is no collision", async () => {
    const owner = await createTestUser(t.deps.db, 'account_manager');
    const colleague = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db);
    await followUp(colleague, { accountId: account.id, subject: 'Theirs', dueAt: at(tomorrow, '14:00') });
    const done = await followUp(owner, {
      accountId: account.id,
      subject: 'Done',
      dueAt: at(tomorrow, '14:10'),
    });
    expect(
      (await t.http.post(`/api/follow-ups/${done.body.id}/done`).set('authorization', owner.auth)).status,
    ).toBe(200);
    const again = await t.http.post(`/api/follow-ups/${done.body.id}/done`).set('authorization', owner.auth);
    expect([again.status, again.body.error.code]).toEqual([409, 'illegal_state']);
    const mine = await followUp(owner, {
      accountId: account.id,
      subject: 'Mine',
      dueAt: at(tomorrow, '14:05'),
    });
    expect(mine.body.collisions).toEqual([]);
  });

  test("the team view lists everyone's follow-ups of the day, soonest first", async () => {
    const a = await createTestUser(t.deps.db, 'account_manager');
    const b = await createTestUser(t.deps.db, 'service');
    const account = await createAccount(t.deps.db);
    const day = addDays(todayIso(), 40);
    await followUp(a, { accountId: account.id, subject: 'Later', dueAt: at(day, '15:00') });
    await followUp(b, { accountId: account.id, subject: 'Sooner', dueAt: at(day, '08:00') });
    await followUp(a, { accountId: account.id, subject: 'Next day', dueAt: at(addDays(day, 1), '08:00') });
    const res = await t.http
      .get(`/api/follow-ups?from=${day}&to=${day}&accountId=${account.id}`)
      .set('authorization', am.auth);
    expect(
      res.body.items.map((f: { subject: string; ownerEmail: string }) => [f.subject, f.ownerEmail]),
    ).toEqual([
      ['Sooner', b.email],
      ['Later', a.email],
    ]);
  });

  test('a customer may not set one, a blank subject is refused, and an owner who is a customer is refused', async () => {
    const customer = await createCustomer(t.deps.db);
    const account = customer.account;
    expect(
      (await followUp(customer, { accountId: account.id, subject: 'x', dueAt: at(tomorrow, '09:00') }))
        .status,
    ).toBe(403);
    const blank = await followUp(am, { accountId: account.id, subject: '', dueAt: at(tomorrow, '09:00') });
    expect([blank.status, blank.body.error.details[0].path]).toEqual([400, '/subject']);
    const owner = await followUp(am, {
      accountId: account.id,
      subject: 'Theirs',
      dueAt: at(tomorrow, '09:00'),
      ownerId: customer.id,
    });
    expect([owner.status, owner.body.error.details[0].path]).toEqual([422, '/ownerId']);
    expect(await t.deps.db('follow_ups').where({ account_id: account.id })).toEqual([]);
  });
});

describe('follow-up reminders', () => {
  test('a follow-up that fell due is reminded to its owner by one mail, however often the sweep runs; one due tomorrow waits', async () => {
    const owner = await createTestUser(t.deps.db, 'account_manager');
    const account = await createAccount(t.deps.db);
    const due = await followUp(owner, {
      accountId: account.id,
      subject: 'Call back',
      dueAt: at(todayIso(), '09:00'),
    });
    const later = await followUp(owner, {
      accountId: account.id,
      subject: 'Visit',
      dueAt: at(tomorrow, '09:00'),
    });
    const transport = createMailTransport(t.deps.config);
    await sendFollowUpReminders(t.deps, transport);
    await sendFollowUpReminders(t.deps, transport);
    const mails = await mailsFor(`follow_up_due:${due.body.id}`);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'follow_up_due', recipients: `To: ${owner.email}; Cc: ` });
    expect(mails[0].subject).toContain('Call back');
    expect(await mailsFor(`follow_up_due:${later.body.id}`)).toEqual([]);
    const inbox = await t.http.get('/api/inbox').set('authorization', owner.auth);
    expect(inbox.body.items.map((i: { kind: string; link: string }) => [i.kind, i.link])).toEqual([
      ['follow_up_due', `/accounts/${account.id}`],
    ]);
  });
});

describe('staff notifications', () => {
  test('a request on an account without a manager goes to every active account manager; with one, to that manager only', async () => {
    const customer = await createCustomer(t.deps.db);
    const { sku } = await stockedItem(t.deps.db, 10);
    const body = {
      accountId: customer.account.id,
      lines: [{ sku, quantity: 2, requestedDate: addDays(todayIso(), 10) }],
    };
    const res = await t.http.post('/api/quote-requests').set('authorization', customer.auth).send(body);
    expect(res.status).toBe(201);
    await t.deps.jobs.drain();
    const [unassigned] = await mailsFor(`request_received:${res.body.id}`);
    expect(unassigned.recipients).toContain(am.email);
    expect(unassigned.subject).toContain('(unassigned)');

    const manager = await createTestUser(t.deps.db, 'account_manager');
    const managed = await createAccount(t.deps.db, { account_manager_email: manager.email });
    const mine = await t.http
      .post('/api/quote-requests')
      .set('authorization', am.auth)
      .send({ ...body, accountId: managed.id });
    await t.deps.jobs.drain();
    const mails = await mailsFor(`request_received:${mine.body.id}`);
    expect(mails.map((m) => m.recipients)).toEqual([`To: ${manager.email}; Cc: `]);
    // And in the manager's inbox, once, linking to the request.
    const inbox = await t.http.get('/api/inbox').set('authorization', manager.auth);
    expect(inbox.body.items.map((i: { kind: string; link: string }) => [i.kind, i.link])).toEqual([
      ['quote_request', `/quote-requests/${mine.body.id}`],
    ]);
  });

  test('an approval request reaches the admins and the approval the account manager, each once', async () => {
    const account = await createAccount(t.deps.db);
    const { sku } = await stockedItem(t.deps.db, 100, 200);
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku, quantity: 1, requestedDate: addDays(todayIso(), 3), unitPrice: 170 }],
    });
    expect((await act(t.http, am, q.id, 'request-approval', { note: 'key account' })).status).toBe(200);
    await t.deps.jobs.drain();
    const [asked] = await mailsFor(`approval_requested:${q.id}:1`);
    expect(asked.recipients).toContain(admin.email);
    expect(asked.recipients).not.toContain(am.email);
    expect((await act(t.http, admin, q.id, 'approve')).status).toBe(200);
    await t.deps.jobs.drain();
    expect((await mailsFor(`approval_given:${q.id}:1`)).map((m) => m.recipients)).toEqual([
      `To: ${am.email}; Cc: `,
    ]);
    const adminInbox = await t.http.get('/api/inbox').set('authorization', admin.auth);
    const aboutIt = adminInbox.body.items.filter((i: { link: string }) => i.link === `/quotes/${q.id}`);
    expect(aboutIt.map((i: { kind: string }) => i.kind)).toEqual(['approval_asked']);
  });

  test("a customer's counter-offer reaches the quote's account manager", async () => {
    const customer = await createCustomer(t.deps.db);
    const { sku } = await stockedItem(t.deps.db, 100, 50);
    const q = await createQuote(t.http, am, {
      accountId: customer.account.id,
      lines: [{ sku, quantity: 4, requestedDate: addDays(todayIso(), 3) }],
    });
    expect((await act(t.http, am, q.id, 'send')).status).toBe(200);
    const offer = await act(t.http, customer, q.id, 'counter-offers', {
      revision: 1,
      note: 'Can you do 45?',
      lines: [{ lineNo: 1, targetPrice: 45 }],
    });
    expect(offer.status).toBe(201);
    await t.deps.jobs.drain();
    const mails = await t.deps.db('mail_log').where('dedupe_key', 'like', `counter_offer:${q.id}:1:%`);
    expect(mails.map((m) => [m.kind, m.recipients])).toEqual([['counter_offer', `To: ${am.email}; Cc: `]]);
    // The quotation mail to the customer is on the account page as an e-mail the customer sees.
    const seen = await t.http
      .get(`/api/accounts/${customer.account.id}/interactions`)
      .set('authorization', customer.auth);
    expect(seen.body.items).toMatchObject([
      { kind: 'email', source: 'mail', internal: false, quoteId: q.id },
    ]);
  });
});

describe('POST /api/quote-requests/:id/take', () => {
  test('of two account managers taking an unassigned request at once, one gets it and the other is told 409', async () => {
    const customer = await createCustomer(t.deps.db);
    const { sku } = await stockedItem(t.deps.db, 10);
    const r = await t.http
      .post('/api/quote-requests')
      .set('authorization', customer.auth)
      .send({
        accountId: customer.account.id,
        lines: [{ sku, quantity: 1, requestedDate: addDays(todayIso(), 9) }],
      });
    const [a, b] = [
      await createTestUser(t.deps.db, 'account_manager'),
      await createTestUser(t.deps.db, 'account_manager'),
    ];
    const answers = await Promise.all(
      [a, b].map((u) => t.http.post(`/api/quote-requests/${r.body.id}/take`).set('authorization', u.auth)),
    );
    expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
    const winner = answers.find((x) => x.status === 200)!.body.assignedTo;
    expect([a.id, b.id]).toContain(winner);
    expect((await t.deps.db('quote_requests').where({ id: r.body.id }).first()).assigned_to).toBe(winner);
    const customerTakes = await t.http
      .post(`/api/quote-requests/${r.body.id}/take`)
      .set('authorization', customer.auth);
    expect(customerTakes.status).toBe(403);
  });
});

describe("the account manager's work queue", () => {
  test('lists a counter-offer on their quote, and their quotes valid for up to 7 more days, not 8', async () => {
    const manager = await createTestUser(t.deps.db, 'account_manager');
    const customer = await createCustomer(t.deps.db);
    await t.deps
      .db('accounts')
      .where({ id: customer.account.id })
      .update({ account_manager_email: manager.email });
    const { sku } = await stockedItem(t.deps.db, 100, 50);
    const quoteValid = async (days: number) => {
      const q = await createQuote(t.http, manager, {
        accountId: customer.account.id,
        validUntil: addDays(todayIso(), days),
        lines: [{ sku, quantity: 1, requestedDate: addDays(todayIso(), 3) }],
      });
      expect((await act(t.http, manager, q.id, 'send')).status).toBe(200);
      return q;
    };
    const inSeven = await quoteValid(7);
    const inEight = await quoteValid(8);
    await act(t.http, customer, inEight.id, 'counter-offers', {
      revision: 1,
      lines: [{ lineNo: 1, targetPrice: 40 }],
    });
    const q = await accountManagerQueue(t.deps.db, {
      userId: manager.id,
      email: manager.email,
      role: 'account_manager',
      accountId: null,
      via: 'session',
    });
    expect(q.expiring.map((x) => x.number)).toEqual([inSeven.number]);
    expect(q.counterOffers.map((x) => x.number)).toEqual([inEight.number]);
  });
});
