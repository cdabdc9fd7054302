import { addMonths, priorityOf, warrantyOf } from '../../src/cases/case-rules';

describe('priority', () => {
  test.each([
    ['critical', null, 'P1'],
    ['high', null, 'P2'],
    ['normal', null, 'P3'],
    ['low', null, 'P4'],
    ['critical', 'A', 'P1'],
    ['high', 'A', 'P1'],
    ['normal', 'A', 'P2'],
    ['low', 'A', 'P3'],
    ['low', 'B', 'P4'],
  ] as const)('%s on an account of class %s is %s', (severity, cls, priority) => {
    expect(priorityOf(severity, cls)).toBe(priority);
  });
});

describe('calendar months', () => {
  test.each([
    ['2026-01-15', 12, '2027-01-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-05-10', 0, '2026-05-10'],
  ])('%s + %d months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('warranty', () => {
  test.each([
    [
      '2026-01-15',
      12,
      '2027-01-15',
      true,
      'under warranty until 2027-01-15 (12 months from the first shipment on 2026-01-15)',
    ],
    [
      '2026-01-15',
      12,
      '2027-01-16',
      false,
      'warranty ended on 2027-01-15 (12 months from the first shipment on 2026-01-15)',
    ],
    [
      '2026-01-31',
      1,
      '2026-02-28',
      true,
      'under warranty until 2026-02-28 (1 months from the first shipment on 2026-01-31)',
    ],
    [
      '2026-01-31',
      1,
      '2026-03-01',
      false,
      'warranty ended on 2026-02-28 (1 months from the first shipment on 2026-01-31)',
    ],
    ['2026-01-15', 0, '2026-01-15', false, 'the item carries no warranty'],
  ])('shipped %s with %d months, opened %s: applies %s', (shipped, months, opened, applies, reason) => {
    expect(warrantyOf(shipped, months, opened)).toEqual({
      applies,
      until: addMonths(shipped, months),
      reason,
    });
  });

  test('a line not shipped has no warranty', () => {
    expect(warrantyOf(null, 24, '2026-12-06')).toBeNull();
  });
});
