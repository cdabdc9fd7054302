import { buildApp } from '../../src/app';
import { describeInBrowser, overflowsSideways, pagesInBrowser, shoot } from '../support/browser';
import { TEST_PASSWORD } from '../support/factories';
import { openStaffCase } from '../cases/case-support';
import { useTestApp } from '../support/test-app';

// Isolated: the SLA targets are one set for the whole database.
const t = useTestApp({ isolated: true });
const admin = t.user('admin');
const away = t.user('service');
const colleague = t.user('service');

describeInBrowser('the service desk housekeeping pages in a real browser', () => {
  const { at, signIn } = pagesInBrowser(() => buildApp(t.deps), TEST_PASSWORD);

  test("from the queue, an admin hands an absent colleague's cases to another", async () => {
    const opened = await openStaffCase(t, admin, { assignee: away });

    const page = await signIn(admin);
    await page.goto(`${at.url}/cases`);
    await Promise.all([page.waitForURL(/\/cases\/reassign$/), page.click('a[href="/cases/reassign"]')]);
    await page.selectOption('select[name=fromUserId]', away.id);
    await page.selectOption('select[name=toUserId]', colleague.id);
    await page.fill('input[name=reason]', 'on holiday');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shoot(page, 'reassign-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'reassign-phone');
    expect(await overflowsSideways(page)).toBe(false);
    await Promise.all([page.waitForURL(/\/cases$/), page.click('form[action="/cases/reassign"] button')]);
    expect(await page.textContent('.flash')).toContain('1 case was reassigned');
    const detail = (await t.http.get(`/api/cases/${opened.id}`).set('authorization', admin.auth)).body;
    expect(detail.assignee).toBe(colleague.id);
  });

  test('an admin changes the SLA targets on their page; a first response longer than the resolution is refused and nothing changes', async () => {
    const page = await signIn(admin);
    await page.goto(`${at.url}/sla-targets`);
    await page.fill('input[name=fr_P1]', '2');
    await page.fill('input[name=res_P1]', '10');
    await Promise.all([page.waitForURL(/\/sla-targets$/), page.click('form[action="/sla-targets"] button')]);
    expect(await page.textContent('.flash')).toContain('saved');
    const after = (await t.http.get('/api/sla-targets').set('authorization', admin.auth)).body.targets;
    expect(after[0]).toEqual({ priority: 'P1', firstResponseHours: 2, resolutionHours: 10 });

    await page.fill('input[name=fr_P2]', '30');
    await Promise.all([page.waitForURL(/\/sla-targets$/), page.click('form[action="/sla-targets"] button')]);
    expect(await page.textContent('.flash')).toContain('cannot take longer');
    const same = (await t.http.get('/api/sla-targets').set('authorization', admin.auth)).body.targets;
    expect(same).toEqual(after);
    await page.setViewportSize({ width: 1280, height: 800 });
    await shoot(page, 'sla-targets-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'sla-targets-phone');
    expect(await overflowsSideways(page)).toBe(false);
  });

  test('on a case page staff log a phone call, and an attached photo is listed and downloads as a file', async () => {
    const opened = await openStaffCase(t, admin, { assignee: away });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('rest'),
    ]);
    const up = await t.http
      .post(`/api/cases/${opened.id}/attachments?fileName=crack.png`)
      .set('authorization', opened.customer.auth)
      .set('content-type', 'image/png')
      .send(png);
    expect(up.status).toBe(201);

    const page = await signIn(away);
    const url = `${at.url}/cases/${opened.id}`;
    await page.goto(url);
    await page.fill('textarea[name=body]', 'Called the buyer: the crack is on the housing.');
    await page.check('input[name=phone]');
    await Promise.all([page.waitForURL(url), page.click('form[action$="/messages"] button')]);
    expect(await page.textContent('#timeline')).toContain('message from staff (phone call)');
    const link = page.locator('#attachments a');
    expect(await link.textContent()).toBe('crack.png');
    const file = await page.request.get(`${at.url}${await link.getAttribute('href')}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(await file.body(), png)).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'case-phone-attachments');
    expect(await overflowsSideways(page)).toBe(false);
  });

  test('a service user may not open the SLA targets page', async () => {
    const page = await signIn(away);
    const res = await page.goto(`${at.url}/sla-targets`);
    expect(res?.status()).toBe(403);
  });
});
