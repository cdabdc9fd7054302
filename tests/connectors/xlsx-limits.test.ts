import { readXlsxCells } from '../../src/shared/cells/xlsx-cells';
import { inflatingWorkbook } from '../support/xlsx-bomb';

const read = async (buffer: Buffer, limits?: { maxInflatedBytes: number; maxRatio: number }) => {
  const rows = [];
  for await (const r of readXlsxCells({ buffer }, 'items.xlsx', limits)) rows.push(r);
  return rows;
};

describe('an .xlsx that inflates far beyond its size', () => {
  test('is refused once it inflates beyond the limit, saying so with its name', async () => {
    const bomb = await inflatingWorkbook(['sku', 'note'], ['V-1'], 3);
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(read(bomb, { maxInflatedBytes: 2 * 2 ** 20, maxRatio: 1e6 })).rejects.toThrow(
      /^items\.xlsx inflates beyond 2 MB \(XLSX_MAX_INFLATED_MB\)/,
    );
  });

  test('is refused for its compression ratio though within the size limit', async () => {
    const bomb = await inflatingWorkbook(['sku', 'note'], ['V-1'], 3);
    await expect(read(bomb, { maxInflatedBytes: 200 * 2 ** 20, maxRatio: 100 })).rejects.toThrow(
      /^items\.xlsx inflates more than 100 times its compressed size \(XLSX_MAX_RATIO\)/,
    );
  });

  test('within both limits, the same workbook reads whole', async () => {
    const book = await inflatingWorkbook(['sku', 'note'], ['V-1'], 3);
    const rows = await read(book, { maxInflatedBytes: 10 * 2 ** 20, maxRatio: 1e6 });
    expect(rows.map((r) => [r.line, r.cells[0], r.cells[1]?.length])).toEqual([
      [1, 'sku', 4],
      [2, 'V-1', 3 * 2 ** 20],
    ]);
  });
});
