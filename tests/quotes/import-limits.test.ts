import { XLSX_MIME } from '../../src/quotes';
import { addDays, todayIso } from '../../src/shared/time';
import { testContext, TestContext } from '../support/app';
import { createAccount, createTestUser, TestUser } from '../support/factories';
import { inflatingWorkbook } from '../support/xlsx-bomb';
import { createQuote, readQuote, stockedItem } from './helpers';

let t: TestContext;
let am: TestUser;

beforeAll(async () => {
  t = testContext({ XLSX_MAX_INFLATED_MB: '2', XLSX_MAX_RATIO: '100000' });
  am = await createTestUser(t.deps.db, 'account_manager');
});
afterAll(() => t.close());

describe('POST /api/quotes/:id/import-lines with a workbook that inflates beyond the limit', () => {
  test('is refused (413) saying why, and the quote keeps its revision', async () => {
    const account = await createAccount(t.deps.db);
    const item = await stockedItem(t.deps.db, 100);
    const q = await createQuote(t.http, am, {
      accountId: account.id,
      lines: [{ sku: item.sku, quantity: 1, requestedDate: addDays(todayIso(), 3) }],
    });
    const bomb = await inflatingWorkbook(['sku', 'quantity', 'requested date'], [item.sku, '1'], 3);
    const res = await t.http
      .post(`/api/quotes/${q.id}/import-lines`)
      .set('authorization', am.auth)
      .set('content-type', XLSX_MIME)
      .send(bomb);
    expect(res.status).toBe(413);
    expect(res.body.error.details).toEqual([
      {
        path: '/file',
        message: expect.stringMatching(/^the workbook inflates beyond 2 MB \(XLSX_MAX_INFLATED_MB\)/),
      },
    ]);
    expect((await readQuote(t.http, am, q.id)).body.revision).toBe(1);
  });
});
