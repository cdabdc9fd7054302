import { createCustomer, uniq } from '../support/factories';
import { useTestApp } from '../support/test-app';

const t = useTestApp();
const service = t.user('service');
const admin = t.user('admin');

type User = typeof service;
const post = (user: User, url: string, body: object) =>
  t.http.post(url).set('authorization', user.auth).send(body);
const get = (user: User, url: string) => t.http.get(url).set('authorization', user.auth);

async function openCase(user: User, accountId: string, subject: string, description: string) {
  const res = await post(user, '/api/cases', { accountId, type: 'complaint', subject, description });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: string };
}

/** A word no other test file writes, so full-text matches are this test's own. */
const marker = () =>
  uniq('zq')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

describe('the knowledge base', () => {
  test('an article is found by another form of its words (stemmed), and a customer sees articles but never cases', async () => {
    const word = marker();
    const a = await post(service, '/api/knowledge/articles', {
      title: `Gasket ${word} leaks at the flange`,
      problem: 'Pumps leak after two days of running.',
      solution: 'Fit the reinforced gasket and torque the flange bolts to 45 Nm.',
    });
    expect(a.status).toBe(201);
    const customer = await createCustomer(t.deps.db);
    const c = await openCase(service, customer.accountId!, `Flange ${word} leaking`, 'Leaking flange');
    await post(service, `/api/cases/${c.id}/status`, {
      status: 'resolved',
      reason: `Gasket ${word} replaced`,
    });

    const staff = await get(service, `/api/knowledge?q=${word}+leaking`);
    expect(staff.status).toBe(200);
    // Other files' documents may match "leaking" alone; these match both words, so they rank first.
    expect(staff.body.articles[0].id).toBe(a.body.id);
    expect(staff.body.cases[0].id).toBe(c.id);
    const stemmed = await get(service, `/api/knowledge?q=${word}+leaking`);
    expect(stemmed.body.articles[0].score).toBeGreaterThan(
      (await get(service, `/api/knowledge?q=${word}+xylophone`)).body.articles[0].score,
    );
    expect(staff.body.cases[0]).toMatchObject({ number: c.number, resolution: `Gasket ${word} replaced` });

    const buyer = await get(customer, `/api/knowledge?q=${word}`);
    expect(buyer.body.articles.map((x: { id: string }) => x.id)).toEqual([a.body.id]);
    expect(buyer.body.cases).toEqual([]);
  });

  test('a new case is offered the similar resolved case and article, most relevant first, never itself nor an unresolved case', async () => {
    const word = marker();
    const customer = await createCustomer(t.deps.db);
    const acct = customer.accountId!;
    const resolved = await openCase(
      service,
      acct,
      `Motor ${word} overheats`,
      `Motor ${word} trips on overheating`,
    );
    await post(service, `/api/cases/${resolved.id}/messages`, {
      body: 'Clean the fan cover; it was clogged.',
    });
    await post(service, `/api/cases/${resolved.id}/status`, { status: 'resolved' });
    const stillOpen = await openCase(service, acct, `Motor ${word} overheats too`, 'Same motor');
    const art = await post(service, '/api/knowledge/articles', {
      title: `Overheating ${word} motors`,
      problem: `A ${word} motor overheats when its fan cover is clogged.`,
      solution: 'Clean the fan cover every month.',
    });
    const weak = await post(service, '/api/knowledge/articles', {
      title: `Paint ${word}`,
      problem: 'Paint flakes.',
      solution: 'Repaint.',
    });

    const fresh = await openCase(customer, acct, `${word} motor overheating`, 'It overheats after an hour');
    const s = await get(service, `/api/cases/${fresh.id}/suggestions`);
    expect(s.status).toBe(200);
    // Only this test's documents carry its word; others may match "motor" alone and rank after them.
    const ours = new Set([resolved.id, stillOpen.id, fresh.id, art.body.id, weak.body.id]);
    const caseIds = s.body.cases.map((x: { id: string }) => x.id).filter((id: string) => ours.has(id));
    expect(caseIds).toEqual([resolved.id]);
    expect(s.body.cases[0].id).toBe(resolved.id);
    // Its resolution is the last public staff reply, as none was written on resolving.
    expect(s.body.cases[0].resolution).toBe('Clean the fan cover; it was clogged.');
    expect(s.body.articles.map((x: { id: string }) => x.id).filter((id: string) => ours.has(id))).toEqual([
      art.body.id,
      weak.body.id,
    ]);
    expect(s.body.articles[0].id).toBe(art.body.id);

    expect((await get(customer, `/api/cases/${fresh.id}/suggestions`)).status).toBe(403);
  });

  test("a resolved case's resolution becomes an article; an open case cannot, and the refusal writes nothing", async () => {
    const word = marker();
    const customer = await createCustomer(t.deps.db);
    const c = await openCase(
      service,
      customer.accountId!,
      `Valve ${word} sticks`,
      'The valve sticks when cold.',
    );
    const early = await post(service, `/api/cases/${c.id}/article`, {});
    expect(early.status).toBe(409);
    expect((await get(service, `/api/knowledge?q=${word}`)).body.articles).toEqual([]);

    await post(service, `/api/cases/${c.id}/status`, {
      status: 'resolved',
      reason: 'Use low-temperature grease.',
    });
    const made = await post(service, `/api/cases/${c.id}/article`, { title: `Cold ${word} valves stick` });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      title: `Cold ${word} valves stick`,
      problem: 'The valve sticks when cold.',
      solution: 'Use low-temperature grease.',
      sourceCaseId: c.id,
    });
    const found = await get(service, `/api/knowledge?q=${word}`);
    expect(found.body.articles.map((x: { id: string }) => x.id)).toEqual([made.body.id]);
  });

  test('a rewritten article is found by its new words and no longer by its old ones', async () => {
    const [oldWord, newWord] = [marker(), marker()];
    const a = await post(service, '/api/knowledge/articles', { title: oldWord, problem: 'p', solution: 's' });
    const put = await t.http
      .put(`/api/knowledge/articles/${a.body.id}`)
      .set('authorization', service.auth)
      .send({ title: newWord, problem: 'p', solution: 's' });
    expect(put.status).toBe(200);
    expect((await get(service, `/api/knowledge?q=${oldWord}`)).body.articles).toEqual([]);
    expect((await get(service, `/api/knowledge?q=${newWord}`)).body.articles).toHaveLength(1);
  });

  test('bad input answers the one error shape: an unknown field, an over-long title, a customer writing', async () => {
    const extra = await post(service, '/api/knowledge/articles', {
      title: 't',
      problem: 'p',
      solution: 's',
      x: 1,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: '/x' }] });
    const long = await post(admin, '/api/knowledge/articles', {
      title: 'x'.repeat(201),
      problem: 'p',
      solution: 's',
    });
    expect(long.status).toBe(400);
    const customer = await createCustomer(t.deps.db);
    expect(
      (await post(customer, '/api/knowledge/articles', { title: 't', problem: 'p', solution: 's' })).status,
    ).toBe(403);
    // Query syntax of either database is only words here.
    const odd = await get(service, '/api/knowledge?q=%22%20OR%20*%20NEAR(%27%3A%26%7C!');
    expect(odd.status).toBe(200);
  });
});
