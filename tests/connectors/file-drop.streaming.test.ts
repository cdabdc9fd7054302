import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FileDropConnector } from '../../connectors/file-drop/file-drop.connector';
import { makeDropDirs } from './helpers';

const dirs = makeDropDirs();
afterAll(() => dirs.cleanup());

const ROWS = 200_000;

/**
 * A full collection on demand, so the test measures what the reader retains, not garbage that
 * V8 has not collected yet (that depends on load and made the bound flaky).
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const retainedHeap = (): number => {
  collect();
  return process.memoryUsage().heapUsed;
};

/** Rows as wide as a real item master's, so that keeping them all would show in the heap. */
async function writeItemsCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('sku,description,uom,family,make_or_buy,lead_time_days,list_price,currency,active\n');
  for (let i = 1; i <= ROWS; i++) {
    const sku = `SKU-${String(i).padStart(7, '0')}`;
    const line = `${sku},"Hex bolt DIN 933, M${i % 30} x ${i % 200} mm, zinc plated, batch ${i}",pcs,FAM-${i % 40},buy,${i % 60},${i % 1000}.25,EUR,true\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('file-drop connector: streaming', () => {
  // A memory sanity bound, not a benchmark: holding these 200,000 rows would retain about
  // 100 MB; streaming them retains next to nothing at any point of the read.
  test('a 200,000-row CSV is read row by row, retaining less than 50 MB at any point', async () => {
    const dir = dirs.make();
    await writeItemsCsv(join(dir, 'items.csv'));
    const source = await new FileDropConnector({ dir }).open('items');
    if (!source) throw new Error('expected a source');
    const baseline = retainedHeap();
    let peak = 0;
    let count = 0;
    let last = 0;
    for await (const row of source.rows()) {
      count += 1;
      last = row.line;
      if (count % 40_000 === 0) peak = Math.max(peak, retainedHeap() - baseline);
    }
    expect(count).toBe(ROWS);
    expect(last).toBe(ROWS + 1);
    expect(peak).toBeLessThan(50 * 1024 * 1024);
    // A bound on a hung read, not on speed: on a loaded 2-core machine 200,000 rows took over a minute.
  }, 240_000);
});
