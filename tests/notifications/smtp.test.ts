import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Deps } from '../../src/deps';
import { notificationJobs } from '../../src/notifications/notifications.jobs';
import { findMailLog } from '../../src/notifications/notifications.repository';
import { orderConfirmedKey, quoteSentKey } from '../../src/notifications/notifications.service';
import { OrderConfirmed, QuoteSent } from '../../src/shared/events';
import { InProcessJobQueue, publishAfterCommit } from '../../src/shared/jobs';
import { useTestApp } from '../support/test-app';
import { createAccount, createTestUser } from '../support/factories';
import { FakeSmtpServer } from './fake-smtp';
import { createOrder, createSentQuote, outboxFiles, readMail } from './mail-factories';

const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-outbox-'));
const FAKE = new FakeSmtpServer();
const t = useTestApp({
  env: async () => ({
    SMTP_URL: await FAKE.listen(),
    OUTBOX_DIR: outbox,
    MAIL_FROM: 'Demo Valves <sales@demo-valves.example>',
  }),
});

afterAll(async () => {
  await FAKE.close();
  fs.rmSync(outbox, { recursive: true, force: true });
});

/** The messages the FAKE server accepted for this quote or order number. */
const receivedFor = (number: string) => FAKE.received.filter((m) => m.raw.toString('utf8').includes(number));

async function quoteForPortalUser() {
  const account = await createAccount(t.deps.db, { account_manager_email: 'am@demo-valves.example' });
  const buyer = await createTestUser(t.deps.db, 'customer', account.id);
  const quote = await createSentQuote(t.deps.db, {
    accountId: account.id,
    total: '1234.5600',
    lines: [
      {
        sku: 'BV-50',
        description: 'Ball valve DN50',
        quantity: '12.5',
        netPrice: '98.7650',
        lineTotal: '1234.5600',
        quotedDate: '2026-12-20',
      },
    ],
  });
  return { account, buyer, quote };
}

describe('notifications with SMTP configured', () => {
  test('a quote-sent mail reaches the SMTP server from MAIL_FROM to the portal user and the account manager, and nothing goes to the outbox', async () => {
    const { buyer, quote } = await quoteForPortalUser();

    await publishAfterCommit(t.deps, QuoteSent, { quoteId: quote.id, revision: 1 });
    await t.deps.jobs.drain();

    const received = receivedFor(quote.number);
    expect(received).toHaveLength(1);
    expect({ mailFrom: received[0]!.mailFrom, rcptTo: received[0]!.rcptTo }).toEqual({
      mailFrom: 'sales@demo-valves.example',
      rcptTo: [buyer.email, 'am@demo-valves.example'],
    });
    const mail = await readMail(received[0]!.raw);
    expect({ to: mail.to, cc: mail.cc, subject: mail.subject }).toEqual({
      to: [buyer.email],
      cc: ['am@demo-valves.example'],
      subject: `Quotation ${quote.number} revision 1 from Demo Valves & Pumps B.V.`,
    });
    expect(mail.text).toContain('Total: EUR 1,234.56');
    const messageId = mail.headerLines.find((h) => /^message-id:/i.test(h))!.replace(/^message-id:\s*/i, '');
    expect(await findMailLog(t.deps.db, quoteSentKey(quote.id, 1))).toMatchObject({
      status: 'sent',
      transport: 'smtp',
      location: messageId,
      error: null,
    });
    expect(outboxFiles(outbox)).toEqual([]);
  });

  test('an order confirmation reaches the SMTP server once, however often the job is delivered', async () => {
    const account = await createAccount(t.deps.db, { account_manager_email: 'am@demo-valves.example' });
    const buyer = await createTestUser(t.deps.db, 'customer', account.id);
    const order = await createOrder(t.deps.db, {
      accountId: account.id,
      customerPo: 'PO-4711',
      lines: [{ sku: 'BV-50', quantity: '1', confirmedDate: '2026-12-20' }],
    });

    for (let delivery = 0; delivery < 3; delivery += 1) {
      await publishAfterCommit(t.deps, OrderConfirmed, { orderId: order.id });
      await t.deps.jobs.drain();
    }

    expect(receivedFor(order.number).map((m) => m.rcptTo)).toEqual([[buyer.email, 'am@demo-valves.example']]);
    expect(await findMailLog(t.deps.db, orderConfirmedKey(order.id))).toMatchObject({
      status: 'sent',
      transport: 'smtp',
    });
  });

  test("when the server refuses the message, the row is marked failed with the server's answer and the attempt fails; the retry re-claims the row and sends once", async () => {
    const { quote } = await quoteForPortalUser();
    const [quoteSent] = notificationJobs(t.deps);
    const attempt = (n: number) =>
      quoteSent.handle(
        { quoteId: quote.id, revision: 1 },
        { jobId: 'job-1', attempt: n, progress: async () => undefined },
      );
    const key = quoteSentKey(quote.id, 1);

    FAKE.refuseNext(1);
    await expect(attempt(1)).rejects.toThrow('Message refused by policy');
    const failed = await findMailLog(t.deps.db, key);
    expect(failed).toMatchObject({ status: 'failed', location: null });
    expect(failed!.error).toContain('554');
    expect(receivedFor(quote.number)).toEqual([]);

    await attempt(2);
    // A late redelivery of the same job after the retry succeeded.
    await attempt(3);

    expect(receivedFor(quote.number)).toHaveLength(1);
    expect(await t.deps.db('mail_log').where({ dedupe_key: key }).select('id', 'status', 'error')).toEqual([
      { id: failed!.id, status: 'sent', error: null },
    ]);
  });

  test('the job queue retries a refused notification with its backoff until the server takes it', async () => {
    const { quote } = await quoteForPortalUser();
    const queue = new InProcessJobQueue(t.deps.logger);
    const deps: Deps = { ...t.deps, jobs: queue };
    // The definitions as registered, with the backoff shortened so the test does not wait half a minute.
    const [quoteSent, orderConfirmed] = notificationJobs(deps, { backoff: { type: 'fixed', delayMs: 1 } });
    queue.subscribe(QuoteSent, quoteSent);
    queue.subscribe(OrderConfirmed, orderConfirmed);
    await queue.start();
    try {
      const offeredBefore = FAKE.offered;
      FAKE.refuseNext(2);

      await publishAfterCommit(deps, QuoteSent, { quoteId: quote.id, revision: 1 });
      await queue.drain();

      expect(FAKE.offered - offeredBefore).toBe(3);
      expect(receivedFor(quote.number)).toHaveLength(1);
      expect(queue.recentJobs().map((j) => ({ status: j.status, attempts: j.attempts }))).toEqual([
        { status: 'completed', attempts: 3 },
      ]);
      expect(await findMailLog(t.deps.db, quoteSentKey(quote.id, 1))).toMatchObject({
        status: 'sent',
        error: null,
      });
    } finally {
      await queue.close();
    }
  });
});
