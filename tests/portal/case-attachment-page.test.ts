import { buildApp } from '../../src/app';
import { createCustomer, type TestUser } from '../support/factories';
import { csrfOf, pageSession } from '../support/page-session';
import { useTestApp } from '../support/test-app';

const t = useTestApp();
const service = t.user('service');

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000dIHDR-rest-of-a-photo'),
]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

async function openCase(user: TestUser): Promise<string> {
  const res = await t.http.post('/api/cases').set('authorization', user.auth).send({
    accountId: user.accountId,
    type: 'complaint',
    subject: 'Cracked housing',
    description: 'See photo.',
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const attachmentsOf = async (user: TestUser, caseId: string) =>
  (
    (await t.http.get(`/api/cases/${caseId}/attachments`).set('authorization', user.auth)).body as {
      items: Array<{ fileName: string; internal: boolean }>;
    }
  ).items;

async function attach(
  s: Awaited<ReturnType<typeof pageSession>>,
  caseId: string,
  file: Buffer,
  name: string,
) {
  const page = `/cases/${caseId}`;
  const csrf = csrfOf((await s.agent.get(page)).text);
  const res = await s.agent
    .post(`${page}/attachments`)
    .field('_csrf', csrf)
    .attach('file', file, { filename: name, contentType: 'application/octet-stream' });
  return { res, shown: (await s.agent.get(page)).text };
}

describe('attaching a file on the case page', () => {
  test('a customer attaches a photo to their case in the page; it is listed for them and for staff', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer);
    const s = await pageSession(buildApp(t.deps), customer);
    const { res, shown } = await attach(s, caseId, PNG, 'crack.png');
    expect([res.status, res.headers.location]).toEqual([303, `/cases/${caseId}`]);
    expect(shown).toContain('crack.png is attached');
    expect(await attachmentsOf(service, caseId)).toMatchObject([{ fileName: 'crack.png', internal: false }]);
    expect(await attachmentsOf(customer, caseId)).toHaveLength(1);
  });

  test('an HTML file named like a photo is refused with the reason and nothing is stored', async () => {
    const customer = await createCustomer(t.deps.db);
    const caseId = await openCase(customer);
    const s = await pageSession(buildApp(t.deps), customer);
    const renamed = await attach(s, caseId, HTML, 'photo.png');
    expect(renamed.shown).toContain('The file is not a image/png');
    const page = await attach(s, caseId, HTML, 'page.html');
    expect(page.shown).toContain('Attach photos or PDFs');
    expect(await attachmentsOf(service, caseId)).toEqual([]);
  });

  test("a customer cannot attach to another account's case (404) and a staff file can be internal", async () => {
    const owner = await createCustomer(t.deps.db);
    const caseId = await openCase(owner);
    const stranger = await pageSession(buildApp(t.deps), await createCustomer(t.deps.db));
    const csrf = csrfOf((await stranger.agent.get('/cases')).text);
    const refused = await stranger.agent
      .post(`/cases/${caseId}/attachments`)
      .field('_csrf', csrf)
      .attach('file', PNG, { filename: 'x.png' });
    expect(refused.status).toBe(404);
    expect(await attachmentsOf(service, caseId)).toEqual([]);

    const staff = await pageSession(buildApp(t.deps), service);
    const page = `/cases/${caseId}`;
    const token = csrfOf((await staff.agent.get(page)).text);
    await staff.agent
      .post(`${page}/attachments`)
      .field('_csrf', token)
      .field('internal', 'on')
      .attach('file', PNG, { filename: 'inspection.png' });
    expect(await attachmentsOf(service, caseId)).toMatchObject([
      { fileName: 'inspection.png', internal: true },
    ]);
    expect(await attachmentsOf(owner, caseId)).toEqual([]);
  });
});
