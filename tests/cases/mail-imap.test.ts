import { readServiceMailbox } from '../../src/cases/mail-intake.service';
import { imapSource } from '../../src/cases/mail-sources';
import { type Dovecot, startDovecot } from '../support/dovecot';
import { useTestApp } from '../support/test-app';
import { createContact, eml } from './mail-support';

// A real Dovecot of the test's own (tests/support/dovecot.ts); CASES_IMAP_URL points the app at it.
let dovecot: Dovecot;
const t = useTestApp({
  env: async () => {
    dovecot = await startDovecot();
    return { CASES_IMAP_URL: dovecot.url };
  },
});
const service = t.user('service');
afterAll(() => dovecot?.stop());

const casesOf = async (accountId: string) =>
  (await t.http.get(`/api/cases?accountId=${accountId}`).set('authorization', service.auth)).body.items;

describe('e-mail as a channel over IMAP (Dovecot)', () => {
  test('a message in the mailbox opens a case once, though the mailbox is read again and by two workers', async () => {
    const contact = await createContact(t.deps.db);
    const mail = eml({ from: contact.email, subject: 'Gearbox leaking oil', body: 'Oil under gearbox G-7.' });
    await dovecot.deliver(mail.raw);

    // Two workers, each with its own IMAP connection, read the same unseen message at once.
    const reads = await Promise.all([
      readServiceMailbox(t.deps, imapSource(dovecot.url)),
      readServiceMailbox(t.deps, imapSource(dovecot.url)),
    ]);
    expect(reads.every((r) => r.failed === 0)).toBe(true);
    // The reader died before flagging: everything is unseen again and read once more.
    await dovecot.markAllUnseen();
    expect(await readServiceMailbox(t.deps)).toMatchObject({ read: expect.any(Number), failed: 0 });

    const cases = await casesOf(contact.accountId);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ subject: 'Gearbox leaking oil', channel: 'email' });
    const claims = await t.deps.db('case_mail').where('message_id', mail.messageId);
    expect(claims).toHaveLength(1);
  });

  test('a reply delivered to the mailbox threads into its case by In-Reply-To', async () => {
    const contact = await createContact(t.deps.db);
    const first = eml({ from: contact.email, subject: 'Valve stuck', body: 'Valve V-3 does not close.' });
    await dovecot.deliver(first.raw);
    await readServiceMailbox(t.deps);
    const [opened] = await casesOf(contact.accountId);

    const answer = eml({
      from: contact.email,
      subject: 'Re: Valve stuck',
      body: 'It also squeaks.',
      inReplyTo: first.messageId,
    });
    await dovecot.deliver(answer.raw);
    await readServiceMailbox(t.deps);

    expect(await casesOf(contact.accountId)).toHaveLength(1);
    const detail = (await t.http.get(`/api/cases/${opened.id}`).set('authorization', service.auth)).body;
    const bodies = detail.timeline
      .filter((e: { kind: string }) => e.kind === 'message')
      .map((e: { body: string }) => e.body);
    expect(bodies).toEqual(['It also squeaks.']);
  });
});
