import { fromMilli, milliText, toMilli } from '../../src/shared/quantity';

describe('quantities in thousandths', () => {
  test.each([
    ['12', 12_000],
    ['12.000', 12_000], // PostgreSQL's numeric(18,3)
    ['0.001', 1],
    ['2.125', 2_125],
    ['12.5', 12_500],
    ['5.', 5_000],
    ['12.3456', 12_345], // past the third decimal: cut, not rounded
    ['-12.5', -12_500],
    [' 7.25 ', 7_250], // surrounding spaces
    ['123456789012.345', 123_456_789_012_345],
    [12, 12_000],
    [2.125, 2_125],
    [0.1 + 0.2, 300], // a REAL sum rounds to thousandths
  ])('%p is %d thousandths', (v, milli) => {
    expect(toMilli(v)).toBe(milli);
  });

  test.each(['', '-', '.5', '1e5', '12,5', 'abc', '1.2.3', '--1'])('%p is not a quantity', (v) => {
    expect(() => toMilli(v)).toThrow('not a quantity');
  });

  test('text and thousandths convert both ways', () => {
    expect([milliText(2_125), milliText(12_000), milliText(-500), fromMilli(2_125)]).toEqual([
      '2.125',
      '12',
      '-0.5',
      2.125,
    ]);
    for (const milli of [0, 1, 999, 1_000, 123_456_789]) expect(toMilli(milliText(milli))).toBe(milli);
  });
});
