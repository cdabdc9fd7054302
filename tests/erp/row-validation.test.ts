import { datasetSpec } from '../../src/erp/datasets';
import { canonicalDecimal, checkRow } from '../../src/erp/row-validation';

const stock = datasetSpec('stock');
const prices = datasetSpec('prices');
const row = (values: Record<string, string | null>, problem?: string) => ({
  line: 2,
  values,
  ...(problem && { problem }),
});

describe('canonicalDecimal', () => {
  test.each([
    ['450.50', '450.5'],
    ['0450.5', '450.5'],
    ['12', '12'],
    ['12.000', '12'],
    ['0', '0'],
    ['0.10', '0.1'],
    ['000', '0'],
  ])('%s is written %s', (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected);
  });
});

describe('checkRow', () => {
  test('a good stock row gets typed values, the default for an empty blocked, and a stable hash', () => {
    const a = checkRow(stock, row({ sku: 'V-1', site_code: 'P1', on_hand: '12.50', blocked: null }));
    const b = checkRow(stock, row({ sku: 'V-1', site_code: 'P1', on_hand: '12.5', blocked: '0' }));
    expect(a).toEqual({
      ok: true,
      values: ['V-1', 'P1', '12.5', '0'],
      rowHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(a.ok && b.ok && a.rowHash === b.rowHash).toBe(true);
  });

  test.each([
    [{ sku: 'V-1', site_code: 'P1', on_hand: '-3' }, 'on_hand must not be negative, got "-3"'],
    [
      { sku: 'V-1', site_code: 'P1', on_hand: '1.2345' },
      'on_hand: expected a quantity ≥ 0 with at most 3 decimals, got "1.2345"',
    ],
    [{ sku: null, site_code: 'P1', on_hand: '1' }, 'sku is required'],
    [{ sku: 'V-1', site_code: 'P1', on_hand: '5', blocked: '6' }, 'blocked (6) exceeds on_hand (5)'],
    [{ sku: 'X'.repeat(41), site_code: 'P1', on_hand: '5' }, 'sku is longer than 40 characters'],
  ])('a stock row %j is refused: %s', (values, reason) => {
    const r = checkRow(stock, row(values));
    expect(r).toMatchObject({ ok: false, reason });
  });

  test('a site whose time zone is not an IANA name is refused, saying what to send; a known zone or none is taken', () => {
    const sites = datasetSpec('sites');
    expect(
      checkRow(sites, row({ site_code: 'P1', name: 'Plant One', timezone: 'Europe/Berln' })),
    ).toMatchObject({
      ok: false,
      reason:
        'timezone "Europe/Berln" is not an IANA time zone name (such as Europe/Berlin); leave it empty for UTC',
    });
    expect(
      checkRow(sites, row({ site_code: 'P1', name: 'Plant One', timezone: 'Europe/Berlin' })),
    ).toMatchObject({ ok: true });
    expect(checkRow(sites, row({ site_code: 'P1', name: 'Plant One', timezone: null }))).toMatchObject({
      ok: true,
    });
  });

  test('a refused row keeps its key when the key is readable, so a snapshot does not close it', () => {
    expect(checkRow(stock, row({ sku: 'V-1', site_code: 'P1', on_hand: 'lots' }))).toMatchObject({
      ok: false,
      key: ['V-1', 'P1'],
    });
    expect(checkRow(stock, row({ sku: null, site_code: 'P1', on_hand: '1' }))).toMatchObject({
      ok: false,
      key: null,
    });
  });

  test("a row the connector could not read is refused with the connector's reason", () => {
    expect(
      checkRow(stock, row({ sku: 'V-1', site_code: 'P1', on_hand: '1' }, 'expected 4 columns, found 5')),
    ).toMatchObject({
      ok: false,
      reason: 'expected 4 columns, found 5',
    });
  });

  test('a price valid until before it starts is refused; a list price gets its key defaults', () => {
    expect(
      checkRow(
        prices,
        row({
          sku: 'V-1',
          currency: 'EUR',
          unit_price: '10',
          valid_from: '2026-05-01',
          valid_to: '2026-04-30',
        }),
      ),
    ).toMatchObject({
      ok: false,
      reason: 'valid_to (2026-04-30) is before valid_from (2026-05-01)',
    });
    expect(checkRow(prices, row({ sku: 'V-1', currency: 'EUR', unit_price: '10.00' }))).toMatchObject({
      ok: true,
      values: ['V-1', '', 'EUR', '1', '10', '0001-01-01', null],
    });
  });

  test('several problems in one row are all named', () => {
    const r = checkRow(stock, row({ sku: 'V-1', site_code: null, on_hand: 'x' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason.split('; ').sort()).toEqual([
      'on_hand: expected a quantity ≥ 0 with at most 3 decimals, got "x"',
      'site_code is required',
    ]);
  });
});

describe('checkRow: text a database refuses', () => {
  test('half a surrogate pair (text that is not Unicode) is refused with its column, and the key stays unread', () => {
    expect(checkRow(stock, row({ sku: 'V-1\uD800', site_code: 'P1', on_hand: '1', blocked: null }))).toEqual({
      ok: false,
      reason: 'sku must be valid Unicode text (it holds half of a surrogate pair)',
      key: null,
    });
    // A whole pair (an emoji) is text like any other.
    expect(checkRow(stock, row({ sku: 'V-😀', site_code: 'P1', on_hand: '1', blocked: null })).ok).toBe(true);
  });

  test("a text longer than its column counts UTF-16 units, as SQL Server's nvarchar does", () => {
    // 21 emoji are 21 characters to PostgreSQL but 42 of nvarchar(40)'s units.
    const checked = checkRow(
      stock,
      row({ sku: '😀'.repeat(21), site_code: 'P1', on_hand: '1', blocked: null }),
    );
    expect(checked).toMatchObject({ ok: false, reason: 'sku is longer than 40 characters', key: null });
  });
});
