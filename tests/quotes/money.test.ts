import { toMilli } from '../../src/shared/quantity';
import {
  effectiveDiscount,
  formatMoney,
  lineTotal,
  moneyNumber,
  moneyText,
  netUnitPrice,
  parseMoney,
  parsePct,
  roundToCurrency,
  sumMoney,
} from '../../src/shared/money';
import { choosePrice } from '../../src/quotes/pricing';
import type { PriceRow, QuoteItemRow } from '../../src/quotes/pricing.repository';

describe('money arithmetic', () => {
  test('0.1 + 0.2 is exactly 0.3, and ten lines of 0.1 are exactly 1', () => {
    expect(moneyText(sumMoney([parseMoney('0.1'), parseMoney('0.2')]))).toBe('0.3');
    expect(moneyNumber(sumMoney([parseMoney(0.1), parseMoney(0.2)]))).toBe(0.3);
    expect(moneyText(sumMoney(Array.from({ length: 10 }, () => parseMoney('0.1'))))).toBe('1');
  });

  test.each([
    // [net price, quantity, currency, line total] — hand-checked
    ['0.1', '3', 'EUR', '0.3'],
    ['19.99', '3', 'EUR', '59.97'],
    ['0.3333', '3', 'EUR', '1'], // 0.9999 rounds half-up to 1.00
    ['0.005', '1', 'EUR', '0.01'], // half away from zero
    ['0.0049', '1', 'EUR', '0'],
    ['1234.5', '2', 'JPY', '2469'], // no minor unit
    ['12.3456', '1.5', 'EUR', '18.52'], // 18.5184
    ['1.2345', '1', 'KWD', '1.235'], // three minor units, half up
    ['100', '0.001', 'EUR', '0.1'],
  ])('%s × %s in %s is %s', (net, qty, currency, total) => {
    expect(moneyText(lineTotal(parseMoney(net), toMilli(qty), currency))).toBe(total);
  });

  test.each([
    ['100', '10', '90'],
    ['99.99', '12.5', '87.4913'], // 87.491250 -> 87.4913 (half up at the 4th place)
    ['0.1', '0', '0.1'],
    ['50', '100', '0'],
  ])('%s less %s %% is %s', (unit, pct, net) => {
    expect(moneyText(netUnitPrice(parseMoney(unit), parsePct(pct)))).toBe(net);
  });

  test('negative amounts round away from zero too', () => {
    expect(moneyText(roundToCurrency(parseMoney('-0.005'), 'EUR'))).toBe('-0.01');
  });

  test('the effective discount is measured from the reference price; a price above it is no discount', () => {
    expect(effectiveDiscount(parseMoney('200'), parseMoney('170'), 0n)).toBe(15_000n);
    expect(effectiveDiscount(parseMoney('200'), parseMoney('210'), 0n)).toBe(0n);
    expect(effectiveDiscount(null, parseMoney('90'), parsePct('10'))).toBe(10_000n);
  });

  test('amounts are formatted with grouping and the currency minor unit', () => {
    expect(formatMoney(parseMoney('1234567.891'), 'EUR')).toBe('1,234,567.89');
    expect(formatMoney(parseMoney('1234.5'), 'JPY')).toBe('1,235');
    expect(formatMoney(parseMoney('0.3'), 'USD')).toBe('0.30');
  });
});

describe('choosing a price', () => {
  const item: QuoteItemRow = {
    sku: 'V-1',
    description: 'Valve',
    uom: 'pcs',
    list_price: '120',
    currency: 'EUR',
    active: true,
  };
  const rows: PriceRow[] = [
    { sku: 'V-1', erp_customer_id: 'C1', min_qty: '1', valid_from: '0001-01-01', unit_price: '100' },
    { sku: 'V-1', erp_customer_id: 'C1', min_qty: '50', valid_from: '0001-01-01', unit_price: '90' },
    { sku: 'V-1', erp_customer_id: 'C1', min_qty: '50', valid_from: '2026-06-01', unit_price: '88' },
    { sku: 'V-1', erp_customer_id: 'C1', min_qty: '200', valid_from: '0001-01-01', unit_price: '80' },
    { sku: 'V-1', erp_customer_id: '', min_qty: '1', valid_from: '0001-01-01', unit_price: '110' },
    { sku: 'V-1', erp_customer_id: '', min_qty: '100', valid_from: '0001-01-01', unit_price: '105' },
  ];

  test.each([
    // [customer, quantity, unit price, source]
    ['C1', 10, '100', 'agreement'],
    ['C1', 49.999, '100', 'agreement'],
    ['C1', 50, '88', 'agreement'], // the 50-break, latest valid_from
    ['C1', 199, '88', 'agreement'],
    ['C1', 200, '80', 'agreement'],
    ['C2', 10, '110', 'list'], // another customer: the price list
    ['C2', 100, '105', 'list'], // the list's volume break
    [null, 5, '110', 'list'],
  ] as const)('customer %s, quantity %s: %s (%s)', (customer, qty, price, source) => {
    const chosen = choosePrice(rows, customer, toMilli(qty), item, 'EUR');
    expect(chosen && { price: moneyText(chosen.unitPrice), source: chosen.source }).toEqual({
      price,
      source,
    });
  });

  test("an agreement that starts above the quantity falls back to the list price; without rows, the item's list price", () => {
    const big = [
      { sku: 'V-1', erp_customer_id: 'C1', min_qty: '500', valid_from: '0001-01-01', unit_price: '70' },
    ];
    expect(moneyText(choosePrice(big, 'C1', toMilli(10), item, 'EUR')!.unitPrice)).toBe('120');
    expect(choosePrice([], 'C1', toMilli(10), item, 'USD')).toBeNull();
    expect(choosePrice([], 'C1', toMilli(10), { ...item, list_price: null }, 'EUR')).toBeNull();
  });
});
