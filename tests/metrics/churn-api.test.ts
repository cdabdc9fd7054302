import { createItem, createSite } from '../support/erp-factories';
import { createAccount, createTestUser } from '../support/factories';
import { useTestApp } from '../support/test-app';
import { addDecidedQuote, addOrder } from './scenario';

/*
 * One account's history, filtered by its id (the database is shared with other files):
 *
 * order 2026-09-01, F1 at site S:
 *   line 1 promised 09-10 (intake 09-01); 09-03 re-confirmation for 09-14 (purchase order late, +4);
 *          09-06 the customer takes 09-20 (+6); 10-02 re-confirmation for 10-05 (stock, +15).
 *   line 2 promised 09-12, never moved.
 * September: 2 moves, 1 line, both later, mean (4 + 6) / 2 = 5.0; supplier +4, customer +6.
 * October: 1 move, stock +15.
 *
 * Quotes decided in September, F1: accepted 100.00; rejected "Price too high" 50.00;
 * rejected "Ordered from another supplier" 30.00; expired 20.00.
 * Lost: 3 lines, 100.00; price 1 (33.3 %, 50 %), competitor 1 (33.3 %, 30 %), expired 1 (33.3 %, 20 %).
 */

const app = useTestApp();
const planner = app.user('planner');
let accountId: string;

beforeAll(async () => {
  const { db } = app.deps;
  const site = await createSite(db);
  const sku = await createItem(db, { family: 'FAM-CHURN' });
  accountId = (await createAccount(db)).id;
  await addOrder(db, {
    accountId,
    orderedOn: '2026-09-01',
    lines: [
      {
        sku,
        site,
        quantity: 10,
        requested: '2026-09-10',
        versions: [
          { at: '2026-09-01T08:00:00.000Z', confirmed: '2026-09-10' },
          {
            at: '2026-09-03T02:30:00.000Z',
            confirmed: '2026-09-14',
            reason:
              'purchase order PO-9 moved from 2026-09-05 to 2026-09-12: now confirmed for 2026-09-14 (was 2026-09-10)',
          },
          {
            at: '2026-09-06T10:00:00.000Z',
            confirmed: '2026-09-20',
            by: 'customer',
            reason: 'later, please',
          },
          {
            at: '2026-10-02T02:30:00.000Z',
            confirmed: '2026-10-05',
            reason: 'stock at P reduced from 10 to 0: now confirmed for 2026-10-05 (was 2026-09-20)',
          },
        ],
      },
      {
        sku,
        site,
        quantity: 5,
        requested: '2026-09-12',
        versions: [{ at: '2026-09-01T08:00:00.000Z', confirmed: '2026-09-12' }],
      },
    ],
  });
  const quote = (status: 'accepted' | 'rejected' | 'expired', price: string, reason?: string) =>
    addDecidedQuote(db, {
      accountId,
      status,
      sentAt: '2026-09-01T09:00:00.000Z',
      decidedAt: '2026-09-15T09:00:00.000Z',
      ...(reason && { reason }),
      lines: [{ sku, site, quantity: 1, netPrice: price, quotedDate: '2026-09-30' }],
    });
  await quote('accepted', '100.00');
  await quote('rejected', '50.00', 'Price too high');
  await quote('rejected', '30.00', 'Ordered from another supplier');
  await quote('expired', '20.00');
});

const get = (url: string, query: Record<string, string>) =>
  app.http.get(url).query(query).set('authorization', planner.auth);

describe('GET /api/metrics/promise-churn', () => {
  test('moves count in the month they were recorded, with how far and why', async () => {
    const res = await get('/api/metrics/promise-churn', { from: '2026-09', to: '2026-10', accountId });
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      {
        period: '2026-09',
        linesMoved: 1,
        moves: 2,
        movesLater: 2,
        movesEarlier: 0,
        avgDaysLater: 5,
        avgDaysMoved: 5,
        byReason: [
          { reason: 'supplier', moves: 1, movesLater: 1, avgDaysLater: 4 },
          { reason: 'customer', moves: 1, movesLater: 1, avgDaysLater: 6 },
        ],
      },
      {
        period: '2026-10',
        linesMoved: 1,
        moves: 1,
        movesLater: 1,
        movesEarlier: 0,
        avgDaysLater: 15,
        avgDaysMoved: 15,
        byReason: [{ reason: 'stock', moves: 1, movesLater: 1, avgDaysLater: 15 }],
      },
    ]);
  });

  test('by family over both months, one row; bad input answers 400 in the one error shape', async () => {
    const res = await get('/api/metrics/promise-churn', {
      from: '2026-09',
      to: '2026-10',
      accountId,
      groupBy: 'family',
    });
    expect(res.body.rows).toEqual([
      expect.objectContaining({ family: 'FAM-CHURN', moves: 3, avgDaysLater: 8.3 }),
    ]);
    const bad = await get('/api/metrics/promise-churn', { from: '2026-10', to: '2026-09' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', details: expect.any(Array) });
  });
});

describe('GET /api/metrics/quote-losses', () => {
  test('a rejected and an expired quote are lost under their own reasons, by count and by value', async () => {
    const res = await get('/api/metrics/quote-losses', { from: '2026-09', to: '2026-09', accountId });
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      {
        period: '2026-09',
        quotesDecided: 4,
        quotesLost: 3,
        valueLost: 100,
        byReason: [
          { reason: 'price', lines: 1, value: 50, countPct: 33.3, valuePct: 50 },
          { reason: 'competitor', lines: 1, value: 30, countPct: 33.3, valuePct: 30 },
          { reason: 'expired', lines: 1, value: 20, countPct: 33.3, valuePct: 20 },
        ],
      },
    ]);
  });

  test('a customer is refused', async () => {
    const customer = await createTestUser(app.deps.db, 'customer', accountId);
    const res = await app.http.get('/api/metrics/quote-losses').set('authorization', customer.auth);
    expect(res.status).toBe(403);
  });
});
