import { buyerDate, buyerReason } from '../../src/orders/buyer-words';

describe("a slip's reason in a buyer's words", () => {
  test.each([
    [
      'purchase order PR-1 moved from 2026-12-10 to 2026-12-17: now confirmed for 2026-12-17 (was 2026-12-10)',
      'a delivery from our supplier is late or smaller than planned',
    ],
    [
      'production order MO-7 reduced from 20 to 10: now confirmed …',
      'the production run making it was rescheduled',
    ],
    ['transfer TO-3 is no longer open in the ERP: …', 'a transfer from another of our plants was delayed'],
    [
      'stock at P1 reduced from 12 to 7: now confirmed …',
      'stock we had planned for it is no longer available',
    ],
    [
      'the order ships complete and its line 2 is now confirmed for 2026-12-20: this line ships with it (was 2026-12-10)',
      'your order ships complete, and its line 2 will be ready later',
    ],
    [
      'the promised date 2026-12-01 passed without shipment; stock at P1 reduced from 5 to 0: now …',
      'it did not leave our plant on the promised date; stock we had planned for it is no longer available',
    ],
    [
      'supply or demand changed in the ERP, or orders served first took the available quantity: …',
      'our production and supply plan changed',
    ],
    [null, 'our production and supply plan changed'],
  ])('%s', (reason, words) => {
    expect(buyerReason(reason)).toBe(words);
  });

  test('no ERP document, planner word or "set by hand" reaches the buyer', () => {
    const said = buyerReason(
      'purchase order PR-1 moved from 2026-12-10 to 2026-12-17; stock at P1 reduced from 5 to 2',
    );
    expect(said).not.toMatch(/PR-1|P1|ERP|set by hand|reconfirm/i);
  });

  test.each([
    ['2026-12-17', '17 Dec 2026'],
    ['2027-01-05', '5 Jan 2027'],
    [null, 'a date we cannot confirm yet'],
  ])('buyerDate(%s) = %s', (date, text) => {
    expect(buyerDate(date)).toBe(text);
  });
});
