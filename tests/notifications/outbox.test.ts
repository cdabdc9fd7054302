import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OrderConfirmed, QuoteSent } from '../../src/shared/events';
import { publishAfterCommit } from '../../src/shared/jobs';
import { notificationJobs } from '../../src/notifications/notifications.jobs';
import { findMailLog } from '../../src/notifications/notifications.repository';
import { orderConfirmedKey, quoteSentKey } from '../../src/notifications/notifications.service';
import { useTestApp } from '../support/test-app';
import { createAccount, createTestUser } from '../support/factories';
import { createOrder, createSentQuote, outboxFiles, readMail, type QuoteLineInput } from './mail-factories';

const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-outbox-'));
const t = useTestApp({
  env: {
    OUTBOX_DIR: outbox,
    PUBLIC_URL: 'https://crm.example.com/',
    COMPANY_NAME: 'Demo Valves & Pumps B.V.',
  },
});

afterAll(() => {
  fs.rmSync(outbox, { recursive: true, force: true });
});

/** The outbox files whose name carries this quote or order number. */
const filesOf = (number: string): string[] =>
  outboxFiles(outbox).filter((f) => path.basename(f).includes(number));

const LINES: QuoteLineInput[] = [
  {
    sku: 'BV-50',
    description: 'Ball valve DN50',
    quantity: '12.500',
    netPrice: '98.7650',
    lineTotal: '1234.5600',
    quotedDate: '2026-12-20',
  },
  {
    sku: null,
    description: 'Custom flange <script>alert("x")</script> & seal',
    quantity: '2',
    netPrice: '100.0000',
    lineTotal: '200.0000',
    quotedDate: null,
  },
];

async function accountWithPortalUser(accountManagerEmail: string | null = 'am@demo-valves.example') {
  const account = await createAccount(t.deps.db, { account_manager_email: accountManagerEmail });
  const buyer = await createTestUser(t.deps.db, 'customer', account.id);
  return { account, buyer };
}

async function sendQuote(quoteId: string, revision: number): Promise<void> {
  await publishAfterCommit(t.deps, QuoteSent, { quoteId, revision });
  await t.deps.jobs.drain();
}

describe('quote-sent notification without SMTP (outbox)', () => {
  test('a sent quote lands in the outbox as one .eml to the portal users, the account manager in Cc, with an escaped HTML part and a text part', async () => {
    const { account, buyer } = await accountWithPortalUser();
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      revision: 2,
      total: '1434.5600',
      lines: LINES,
    });

    await sendQuote(quote.id, 2);

    const files = filesOf(quote.number);
    expect(files).toHaveLength(1);
    expect(path.basename(files[0]!)).toMatch(
      new RegExp(`^\\d{8}T\\d{9}Z-quote_sent-${quote.number}-r2\\.eml$`),
    );
    const mail = await readMail(fs.readFileSync(files[0]!));
    expect(mail.to).toEqual([buyer.email]);
    expect(mail.cc).toEqual(['am@demo-valves.example']);
    expect(mail.subject).toBe(`Quotation ${quote.number} revision 2 from Demo Valves & Pumps B.V.`);

    expect(mail.html).toContain('Custom flange &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; seal');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain(`href="https://crm.example.com/portal/quotes/${quote.id}"`);
    expect(mail.html).toContain('Demo Valves &amp; Pumps B.V.');

    // Plain text is not HTML: the customer's words arrive as written.
    expect(mail.text).toContain('Custom flange <script>alert("x")</script> & seal');
    expect(mail.text).toContain('BV-50 - Ball valve DN50');
    expect(mail.text).toContain('Quantity 12.5 at EUR 98.77 = EUR 1,234.56');
    expect(mail.text).toContain('Date: 2026-12-20');
    expect(mail.text).toContain('Quantity 2 at EUR 100.00 = EUR 200.00');
    expect(mail.text).toContain('Date: to be confirmed');
    expect(mail.text).toContain('Total: EUR 1,434.56');
    expect(mail.text).toContain('valid until 2027-01-31');
    expect(mail.text).toContain('Payment terms: NET30');
    expect(mail.text).toContain('Delivery: FCA Rotterdam');
    expect(mail.text).toContain(`https://crm.example.com/portal/quotes/${quote.id}`);

    expect(await findMailLog(t.deps.db, quoteSentKey(quote.id, 2))).toMatchObject({
      kind: 'quote_sent',
      status: 'written',
      transport: 'outbox',
      location: files[0],
      recipients: `To: ${buyer.email}; Cc: am@demo-valves.example`,
      subject: mail.subject,
      error: null,
    });
  });

  test('when the job is delivered again, no second file and no second mail_log row are written', async () => {
    const { account } = await accountWithPortalUser();
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      total: '200.0000',
      lines: [LINES[1]!],
    });

    await sendQuote(quote.id, 1);
    const first = await findMailLog(t.deps.db, quoteSentKey(quote.id, 1));
    await sendQuote(quote.id, 1);

    expect(filesOf(quote.number)).toHaveLength(1);
    expect(
      await t.deps
        .db('mail_log')
        .where({ dedupe_key: quoteSentKey(quote.id, 1) })
        .select('id', 'status', 'location'),
    ).toEqual([{ id: first!.id, status: 'written', location: first!.location }]);
  });

  test('when two deliveries of the same job run at once, one mail is written', async () => {
    const { account } = await accountWithPortalUser();
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      total: '200.0000',
      lines: [LINES[1]!],
    });
    const [quoteSent] = notificationJobs(t.deps);
    const ctx = { jobId: 'redelivered', attempt: 1, progress: async () => undefined };

    await Promise.all([
      quoteSent.handle({ quoteId: quote.id, revision: 1 }, ctx),
      quoteSent.handle({ quoteId: quote.id, revision: 1 }, ctx),
    ]);

    expect(filesOf(quote.number)).toHaveLength(1);
    expect(
      await t.deps
        .db('mail_log')
        .where({ dedupe_key: quoteSentKey(quote.id, 1) })
        .select('status'),
    ).toEqual([{ status: 'written' }]);
  });

  test('a customer user of another account is never a recipient, nor an inactive one of this account', async () => {
    const { account, buyer } = await accountWithPortalUser(null);
    const other = await accountWithPortalUser(null);
    const inactive = await createTestUser(t.deps.db, 'customer', account.id);
    await t.deps.db('users').where({ id: inactive.id }).update({ active: false });
    await createTestUser(t.deps.db, 'planner');
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      total: '200.0000',
      lines: [LINES[1]!],
    });

    await sendQuote(quote.id, 1);

    const mail = await readMail(fs.readFileSync(filesOf(quote.number)[0]!));
    expect(mail.to).toEqual([buyer.email]);
    expect(mail.cc).toEqual([]);
    expect(mail.raw).not.toContain(other.buyer.email);
    expect(mail.raw).not.toContain(inactive.email);
  });

  test("the quote's own account manager is in Cc rather than the account's", async () => {
    const { account, buyer } = await accountWithPortalUser('account-am@demo-valves.example');
    const manager = await createTestUser(t.deps.db, 'account_manager');
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      accountManagerId: manager.id,
      total: '200.0000',
      lines: [LINES[1]!],
    });

    await sendQuote(quote.id, 1);

    const mail = await readMail(fs.readFileSync(filesOf(quote.number)[0]!));
    expect({ to: mail.to, cc: mail.cc }).toEqual({ to: [buyer.email], cc: [manager.email] });
  });

  test('an account without portal users mails its account manager alone', async () => {
    const account = await createAccount(t.deps.db, { account_manager_email: 'am@demo-valves.example' });
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      total: '200.0000',
      lines: [LINES[1]!],
    });

    await sendQuote(quote.id, 1);

    const mail = await readMail(fs.readFileSync(filesOf(quote.number)[0]!));
    expect({ to: mail.to, cc: mail.cc }).toEqual({ to: ['am@demo-valves.example'], cc: [] });
  });

  test('an account with no portal user and no account manager: the mail is logged as skipped and nothing is written', async () => {
    const account = await createAccount(t.deps.db, { account_manager_email: null });
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      total: '200.0000',
      lines: [LINES[1]!],
    });

    await sendQuote(quote.id, 1);

    expect(filesOf(quote.number)).toEqual([]);
    expect(await findMailLog(t.deps.db, quoteSentKey(quote.id, 1))).toMatchObject({
      status: 'skipped',
      recipients: 'To: ; Cc: ',
      location: null,
    });
  });

  test('a revision that was never sent is not notified', async () => {
    const { account } = await accountWithPortalUser();
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      sentAt: null,
      total: '200.0000',
      lines: [LINES[1]!],
    });

    await sendQuote(quote.id, 1);
    await sendQuote(quote.id, 7);

    expect(filesOf(quote.number)).toEqual([]);
    expect(
      await t.deps.db('mail_log').where('dedupe_key', 'like', `quote_sent:${quote.id}:%`).select('id'),
    ).toEqual([]);
  });

  test('a yen quotation shows whole yen', async () => {
    const { account } = await accountWithPortalUser();
    const quote = await createSentQuote(t.deps.db, {
      accountId: account.id,
      currency: 'JPY',
      total: '1500000.0000',
      lines: [
        {
          sku: 'BV-80',
          quantity: '10',
          netPrice: '150000.0000',
          lineTotal: '1500000.0000',
          quotedDate: '2027-01-10',
        },
      ],
    });

    await sendQuote(quote.id, 1);

    const mail = await readMail(fs.readFileSync(filesOf(quote.number)[0]!));
    expect(mail.text).toContain('Quantity 10 at JPY 150,000 = JPY 1,500,000');
    expect(mail.text).toContain('Total: JPY 1,500,000');
  });
});

describe('order-confirmed notification without SMTP (outbox)', () => {
  test('the confirmation names the order, the customer PO, each line with its confirmed date and the portal link', async () => {
    const { account, buyer } = await accountWithPortalUser();
    const order = await createOrder(t.deps.db, {
      accountId: account.id,
      customerPo: 'PO-4711 <b>urgent</b>',
      lines: [
        { sku: 'BV-50', quantity: '12.500', confirmedDate: '2026-12-20' },
        { sku: 'GV-100', quantity: '3', confirmedDate: null },
      ],
      customLines: [{ description: 'Custom flange DN50', quantity: '2', promisedDate: '2027-01-15' }],
    });

    await publishAfterCommit(t.deps, OrderConfirmed, { orderId: order.id });
    await t.deps.jobs.drain();

    const files = filesOf(order.number);
    expect(files.map((f) => path.basename(f))).toEqual([
      expect.stringMatching(new RegExp(`-order_confirmed-${order.number}\\.eml$`)),
    ]);
    const mail = await readMail(fs.readFileSync(files[0]!));
    expect({ to: mail.to, cc: mail.cc }).toEqual({ to: [buyer.email], cc: ['am@demo-valves.example'] });
    expect(mail.subject).toBe(`Order ${order.number} confirmed (your PO PO-4711 <b>urgent</b>)`);
    expect(mail.html).toContain('PO-4711 &lt;b&gt;urgent&lt;/b&gt;');
    expect(mail.html).toContain(`href="https://crm.example.com/portal/orders/${order.id}"`);
    expect(mail.text).toContain('1. BV-50\n   Quantity 12.5, confirmed for 2026-12-20');
    expect(mail.text).toContain('2. GV-100\n   Quantity 3, confirmed for a date we will confirm shortly');
    expect(mail.text).toContain('3. Custom flange DN50\n   Quantity 2, confirmed for 2027-01-15');
    expect(mail.text).toContain(`https://crm.example.com/portal/orders/${order.id}`);
    expect(await findMailLog(t.deps.db, orderConfirmedKey(order.id))).toMatchObject({
      kind: 'order_confirmed',
      status: 'written',
      location: files[0],
    });
  });

  test('a line break in the customer PO does not start another header', async () => {
    const { account } = await accountWithPortalUser();
    const order = await createOrder(t.deps.db, {
      accountId: account.id,
      customerPo: 'PO-1\r\nBcc: attacker@evil.example',
      lines: [{ sku: 'BV-50', quantity: '1', confirmedDate: '2026-12-20' }],
    });

    await publishAfterCommit(t.deps, OrderConfirmed, { orderId: order.id });
    await t.deps.jobs.drain();

    const mail = await readMail(fs.readFileSync(filesOf(order.number)[0]!));
    expect(mail.subject).toBe(`Order ${order.number} confirmed (your PO PO-1 Bcc: attacker@evil.example)`);
    expect(mail.headerLines.filter((h) => /^bcc:/i.test(h))).toEqual([]);
    expect([...mail.to, ...mail.cc]).not.toContain('attacker@evil.example');
  });

  test('a draft or cancelled order is not confirmed by mail', async () => {
    const { account } = await accountWithPortalUser();
    const draft = await createOrder(t.deps.db, {
      accountId: account.id,
      status: 'draft',
      lines: [{ sku: 'BV-50', quantity: '1', confirmedDate: null }],
    });
    const cancelled = await createOrder(t.deps.db, {
      accountId: account.id,
      status: 'cancelled',
      lines: [{ sku: 'BV-50', quantity: '1', confirmedDate: null }],
    });

    await publishAfterCommit(t.deps, OrderConfirmed, { orderId: draft.id });
    await publishAfterCommit(t.deps, OrderConfirmed, { orderId: cancelled.id });
    await t.deps.jobs.drain();

    expect([...filesOf(draft.number), ...filesOf(cancelled.number)]).toEqual([]);
    expect(
      await t.deps
        .db('mail_log')
        .whereIn('dedupe_key', [orderConfirmedKey(draft.id), orderConfirmedKey(cancelled.id)])
        .select('id'),
    ).toEqual([]);
  });
});
