import http from 'node:http';
import { addDays, todayIso } from '../../src/shared/time';
import { isolatedTestContext, TestContext } from '../support/app';
import { createItem, createSite, setStock } from '../support/erp-factories';
import { createAccount, createTestUser } from '../support/factories';
import { startServer } from '../support/server-process';

interface Answer {
  status?: number;
  body?: string;
  error?: string;
}

/** One request on a connection of its own; `sent` resolves once the whole request is on its way. */
function post(url: string, auth: string, body: unknown): { sent: Promise<void>; answer: Promise<Answer> } {
  const payload = JSON.stringify(body);
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => {
    markSent = resolve;
  });
  const answer = new Promise<Answer>((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: auth,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        res.on('error', (err) => resolve({ error: err.message }));
      },
    );
    req.on('error', (err) => {
      markSent();
      resolve({ error: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}` });
    });
    // Sent means connected (the kernel queued the connection for the server) and written.
    let connected = false;
    let written = false;
    const check = () => {
      if (connected && written) markSent();
    };
    req.on('socket', (socket) =>
      socket.once('connect', () => {
        connected = true;
        check();
      }),
    );
    req.end(payload, () => {
      written = true;
      check();
    });
  });
  return { sent, answer };
}

let t: TestContext & { databaseUrl: string };
beforeAll(async () => {
  t = await isolatedTestContext();
});
afterAll(() => t.close());

describe('the server shutting down (SIGTERM)', () => {
  test('gives every order already sent an HTTP answer (201, or 503 to retry), stores every order it answered 201, and exits 0', async () => {
    const db = t.deps.db;
    const site = await createSite(db);
    const skus: string[] = [];
    for (let i = 0; i < 30; i++) {
      const sku = await createItem(db, { makeOrBuy: 'buy', leadTimeDays: 20 });
      await setStock(db, sku, site, 100_000);
      skus.push(sku);
    }
    const account = await createAccount(db);
    const am = await createTestUser(db, 'account_manager');
    const server = await startServer({ DATABASE_URL: t.databaseUrl });

    const day = addDays(todayIso(), 3);
    const requests = Array.from({ length: 20 }, (_, i) =>
      post(`${server.url}/api/orders`, am.auth, {
        accountId: account.id,
        site,
        customerPo: `SHUTDOWN-${i}`,
        lines: skus.map((sku) => ({ sku, quantity: 1 + i, requestedDate: day })),
      }),
    );
    await Promise.all(requests.map((r) => r.sent));
    // SIGTERM once the server has taken work (an order stored), so some requests are surely in its
    // hands and the rest still queued: on a busy machine a signal sent at once may reach it first.
    for (let guard = 0; guard < 3000; guard++) {
      const taken = await db('orders').where('customer_po', 'like', 'SHUTDOWN-%').first('id');
      if (taken) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    server.child.kill('SIGTERM');
    const answers = await Promise.all(requests.map((r) => r.answer));

    expect(answers.filter((a) => a.error)).toEqual([]);
    const created = answers.filter((a) => a.status === 201).map((a) => JSON.parse(a.body!) as { id: string });
    // Requests the server had taken finish; those still queued in the kernel are told to retry.
    expect(answers.every((a) => a.status === 201 || a.status === 503)).toBe(true);
    expect(created.length).toBeGreaterThan(0);
    const stored = await db('orders').whereIn(
      'id',
      created.map((o) => o.id),
    );
    expect(stored).toHaveLength(created.length);
    // An order refused with 503 was not taken either: a retry cannot double it.
    const ofThisTest = await db('orders')
      .where('customer_po', 'like', 'SHUTDOWN-%')
      .count({ n: '*' })
      .first();
    expect(Number(ofThisTest!.n)).toBe(created.length);
    expect(await server.exited).toBe(0);
  });
});
