import fs from 'node:fs';
import path from 'node:path';
import { readServiceMailbox, takeInboundMail } from '../../src/cases/mail-intake.service';
import { parseInboundMail } from '../../src/cases/inbound-mail';
import { buildApp } from '../../src/app';
import { pageSession } from '../support/page-session';
import { useTestApp } from '../support/test-app';
import { createContact, drop, eml } from './mail-support';

const t = useTestApp();
const service = t.user('service');

const get = (url: string) => t.http.get(url).set('authorization', service.auth);
const casesOf = (accountId: string) => get(`/api/cases?accountId=${accountId}`);
const mailDir = () => t.deps.config.casesMailDir;
const outbox = () => t.deps.config.outboxDir;

/** The desk's e-mailed replies of one case number in the outbox, parsed. */
async function repliesFor(number: string) {
  const names = fs.existsSync(outbox()) ? fs.readdirSync(outbox()) : [];
  const files = names.filter((n) => n.includes(number)).sort();
  return Promise.all(
    files.map(async (n) => {
      const raw = fs.readFileSync(path.join(outbox(), n));
      return { raw: raw.toString('utf8'), parsed: await parseInboundMail(raw) };
    }),
  );
}

describe('e-mail as a channel (the .eml folder)', () => {
  test("a contact's e-mail opens a case on its account, the desk's reply threads, and the answer comes back into the case", async () => {
    const contact = await createContact(t.deps.db);
    const first = eml({
      from: contact.email,
      subject: 'Pump P-200 noisy',
      body: 'The pump rattles since Monday.',
    });
    drop(mailDir(), first.raw);
    expect(await readServiceMailbox(t.deps)).toEqual({ read: 1, failed: 0 });

    const list = (await casesOf(contact.accountId)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ subject: 'Pump P-200 noisy', channel: 'email', status: 'new' });
    const caseId: string = list[0].id;
    const number: string = list[0].number;

    const reply = await t.http
      .post(`/api/cases/${caseId}/messages`)
      .set('authorization', service.auth)
      .send({ body: 'Please send us a video of the noise.' });
    expect(reply.status).toBe(201);
    await t.deps.jobs.drain();
    const [sent, ...more] = await repliesFor(number);
    expect(more).toHaveLength(0);
    expect(sent!.parsed.from).toBe('no-reply@factorydesk.local');
    expect(sent!.parsed.subject).toBe(`Re: [${number}] Pump P-200 noisy`);
    expect(sent!.parsed.answers[0]).toBe(first.messageId);
    expect(sent!.raw).toMatch(new RegExp(`^In-Reply-To: <${first.messageId}>`, 'm'));
    expect(sent!.raw).toMatch(new RegExp(`^References: <${first.messageId}>`, 'm'));
    expect(sent!.raw).toContain(`To: ${contact.email}`);

    // The customer's client answers the reply: In-Reply-To names the desk's Message-ID, the subject
    // lost the case number, so only the header threads it.
    const answer = eml({
      from: contact.email,
      subject: 'Re: video',
      body: 'Video attached.',
      inReplyTo: sent!.parsed.messageId,
      references: [first.messageId, sent!.parsed.messageId],
    });
    drop(mailDir(), answer.raw);
    await readServiceMailbox(t.deps);

    expect((await casesOf(contact.accountId)).body.items).toHaveLength(1);
    const detail = (await get(`/api/cases/${caseId}`)).body;
    const messages = detail.timeline.filter((e: { kind: string }) => e.kind === 'message');
    expect(
      messages.map((m: { body: string; channel: string; detail: string }) => [m.body, m.channel, m.detail]),
    ).toEqual([
      ['Please send us a video of the noise.', 'portal', 'staff'],
      ['Video attached.', 'email', 'customer'],
    ]);
  });

  test('a reply naming the case number in its subject threads when the sender writes for that account', async () => {
    const contact = await createContact(t.deps.db);
    const opened = await takeInboundMail(
      t.deps,
      Buffer.from(eml({ from: contact.email, subject: 'Seal kit missing', body: 'Box 3 had no seals.' }).raw),
    );
    expect(opened.outcome).toBe('opened');
    const { number } = (await get(`/api/cases/${opened.caseId}`)).body;
    const again = await takeInboundMail(
      t.deps,
      Buffer.from(eml({ from: contact.email, subject: `Re: ${number} Seal kit`, body: 'Any news?' }).raw),
    );
    expect(again).toEqual({ outcome: 'threaded', caseId: opened.caseId });

    // A stranger quoting the number is not let into the case: the mail waits in triage.
    const stranger = eml({ from: 'someone@elsewhere.example', subject: `${number} please`, body: 'Hello' });
    expect((await takeInboundMail(t.deps, Buffer.from(stranger.raw))).outcome).toBe('triage');
    const triage = await get('/api/cases/triage');
    expect(triage.status).toBe(200);
    expect(triage.body.items).toContainEqual(
      expect.objectContaining({
        messageId: stranger.messageId,
        from: 'someone@elsewhere.example',
        body: 'Hello',
      }),
    );
    const detail = (await get(`/api/cases/${opened.caseId}`)).body;
    expect(detail.timeline.filter((e: { kind: string }) => e.kind === 'message')).toHaveLength(1);
  });

  test("the triage page lists a stranger's mail, its text escaped", async () => {
    const stranger = eml({ from: 'who@nowhere.example', subject: 'Prices?', body: '<b>Send prices</b>' });
    expect((await takeInboundMail(t.deps, Buffer.from(stranger.raw))).outcome).toBe('triage');
    const { agent } = await pageSession(buildApp(t.deps), service);
    const page = await agent.get('/cases/triage');
    expect(page.status).toBe(200);
    expect(page.text).toContain('who@nowhere.example');
    expect(page.text).toContain('&lt;b&gt;Send prices&lt;/b&gt;');
    expect(page.text).not.toContain('<b>Send prices</b>');
  });

  test('the same folder read twice, and by two readers at once, makes one case', async () => {
    const contact = await createContact(t.deps.db);
    const mail = eml({ from: contact.email, subject: 'Wrong flange size', body: 'DN50 instead of DN80.' });
    const file = drop(mailDir(), mail.raw);
    await Promise.all([readServiceMailbox(t.deps), readServiceMailbox(t.deps)]);
    // As if the file had never been moved away: read once more.
    fs.writeFileSync(file, mail.raw);
    await readServiceMailbox(t.deps);
    expect((await casesOf(contact.accountId)).body.items).toHaveLength(1);
    expect(await t.deps.db('case_mail').where('message_id', mail.messageId)).toHaveLength(1);
  });

  test('staff log a phone call as a message with channel phone; a channel of no such kind is refused', async () => {
    const contact = await createContact(t.deps.db);
    const opened = await takeInboundMail(
      t.deps,
      Buffer.from(eml({ from: contact.email, subject: 'Call me', body: 'Please call.' }).raw),
    );
    const logged = await t.http
      .post(`/api/cases/${opened.caseId}/messages`)
      .set('authorization', service.auth)
      .send({ body: 'Called Ines, explained the torque values.', channel: 'phone' });
    expect(logged.status).toBe(201);
    const call = logged.body.timeline.find((e: { kind: string }) => e.kind === 'message');
    // Said on the phone, so not mailed to the customer who wrote in.
    await t.deps.jobs.drain();
    const { number } = logged.body;
    expect(await repliesFor(number)).toHaveLength(0);
    expect(call).toMatchObject({
      channel: 'phone',
      internal: false,
      body: 'Called Ines, explained the torque values.',
    });

    const bad = await t.http
      .post(`/api/cases/${opened.caseId}/messages`)
      .set('authorization', service.auth)
      .send({ body: 'x', channel: 'fax' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });
});
