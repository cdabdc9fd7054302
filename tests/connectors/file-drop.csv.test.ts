import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FileDropConnector } from '../../connectors/file-drop/file-drop.connector';
import { makeDropDirs, readAll, writeFile } from './helpers';

const dirs = makeDropDirs();
afterAll(() => dirs.cleanup());

describe('file-drop connector: CSV', () => {
  test('a UTF-8 CSV with a BOM, quoted commas, quotes and line breaks reads as trimmed raw text', async () => {
    const dir = dirs.make();
    writeFile(
      dir,
      'items.csv',
      '\uFEFFsku,description,uom,make_or_buy,lead_time_days,list_price\n' +
        'A-1,"Bolt, M8 ""zinc""",pcs,buy,5,0.10\n' +
        'A-2,"Pipe 3/4"" steel\nsecond line",m, make ,,\n' +
        'A-3,Pipe 3/4" unquoted,pcs,buy,12,12.5\n',
    );
    const source = await new FileDropConnector({ dir }).open('items');
    expect(source).toMatchObject({ dataset: 'items', file: 'items.csv', warnings: [] });
    expect(source?.columns).toEqual([
      'sku',
      'description',
      'uom',
      'make_or_buy',
      'lead_time_days',
      'list_price',
    ]);
    expect(await readAll(source)).toEqual([
      {
        line: 2,
        values: {
          sku: 'A-1',
          description: 'Bolt, M8 "zinc"',
          uom: 'pcs',
          make_or_buy: 'buy',
          lead_time_days: '5',
          list_price: '0.10',
        },
      },
      {
        line: 3,
        values: {
          sku: 'A-2',
          description: 'Pipe 3/4" steel\nsecond line',
          uom: 'm',
          make_or_buy: 'make',
          lead_time_days: null,
          list_price: null,
        },
      },
      {
        line: 5,
        values: {
          sku: 'A-3',
          description: 'Pipe 3/4" unquoted',
          uom: 'pcs',
          make_or_buy: 'buy',
          lead_time_days: '12',
          list_price: '12.5',
        },
      },
    ]);
  });

  test('header names match whatever their case and padding, and the mapping renames ERP columns and the file', async () => {
    const dir = dirs.make();
    writeFile(dir, 'Mard_Stock.CSV', ' matnr , Werks,LABST,Blocked \nA-1,P1,10,2\n');
    const mapping = {
      datasets: {
        stock: { file: 'MARD_STOCK', columns: { MATNR: 'sku', werks: 'site_code', Labst: 'on_hand' } },
      },
    };
    const source = await new FileDropConnector({ dir, mapping }).open('stock');
    expect(source?.file).toBe('Mard_Stock.CSV');
    expect(source?.columns).toEqual(['sku', 'site_code', 'on_hand', 'blocked']);
    expect(await readAll(source)).toEqual([
      { line: 2, values: { sku: 'A-1', site_code: 'P1', on_hand: '10', blocked: '2' } },
    ]);
  });

  test('unknown columns are ignored and reported once, however many rows there are', async () => {
    const dir = dirs.make();
    writeFile(dir, 'sites.csv', 'site_code,Foo,name,Bar\nP1,x,Plant 1,y\nP2,x,Plant 2,y\nP3,x,Plant 3,y\n');
    const source = await new FileDropConnector({ dir }).open('sites');
    const rows = await readAll(source);
    expect(source?.warnings).toEqual(['unknown column(s) ignored: Foo, Bar']);
    expect(rows.map((r) => r.values)).toEqual([
      { site_code: 'P1', name: 'Plant 1' },
      { site_code: 'P2', name: 'Plant 2' },
      { site_code: 'P3', name: 'Plant 3' },
    ]);
  });

  test('a missing required column is warned about and read as null, so validation quarantines the rows', async () => {
    const dir = dirs.make();
    writeFile(dir, 'supply.csv', 'ref,kind,sku,site_code,open_qty\nPO-1,purchase,A-1,P1,5\n');
    const source = await new FileDropConnector({ dir }).open('supply');
    expect(source?.warnings).toEqual(['missing required column(s): due_date']);
    expect(source?.columns).toEqual(['ref', 'kind', 'sku', 'site_code', 'open_qty']);
    expect((await readAll(source))[0]?.values).toEqual({
      ref: 'PO-1',
      kind: 'purchase',
      sku: 'A-1',
      site_code: 'P1',
      open_qty: '5',
      due_date: null,
    });
  });

  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])(
    'with %s line ends, a record with the wrong column count gets a problem and every row keeps the line an editor shows',
    async (_name, nl) => {
      const dir = dirs.make();
      const lines = [
        'site_code,name',
        'P1,"Plant',
        'one"',
        '',
        'P2,Plant 2,extra',
        'P3',
        '',
        '',
        'P4,"A ""big"" one"',
        'P5,Plant 5',
      ];
      writeFile(dir, 'sites.csv', lines.join(nl) + nl);
      const rows = await readAll(await new FileDropConnector({ dir }).open('sites'));
      expect(rows).toEqual([
        { line: 2, values: { site_code: 'P1', name: 'Plant\none' } },
        { line: 5, values: { site_code: 'P2', name: 'Plant 2' }, problem: 'expected 2 columns, found 3' },
        { line: 6, values: { site_code: 'P3', name: null }, problem: 'expected 2 columns, found 1' },
        { line: 9, values: { site_code: 'P4', name: 'A "big" one' } },
        { line: 10, values: { site_code: 'P5', name: 'Plant 5' } },
      ]);
    },
  );

  test('invalid UTF-8 bytes make only their own row a problem; the rest of the file loads', async () => {
    const dir = dirs.make();
    const latin1Row = Buffer.concat([Buffer.from('P2,M'), Buffer.from([0xfc]), Buffer.from('nchen\n')]);
    writeFile(
      dir,
      'sites.csv',
      Buffer.concat([Buffer.from('site_code,name\nP1,Köln\n'), latin1Row, Buffer.from('P3,Zürich\n')]),
    );
    const rows = await readAll(await new FileDropConnector({ dir }).open('sites'));
    expect(rows).toEqual([
      { line: 2, values: { site_code: 'P1', name: 'Köln' } },
      {
        line: 3,
        values: { site_code: 'P2', name: 'M\uFFFDnchen' },
        problem: 'invalid UTF-8 (the file must be UTF-8)',
      },
      { line: 4, values: { site_code: 'P3', name: 'Zürich' } },
    ]);
  });

  test('rows whose cells are all empty are skipped, as a spreadsheet export leaves them at the end', async () => {
    const dir = dirs.make();
    writeFile(dir, 'sites.csv', 'site_code,name\nP1,Plant 1\n,\n , \n');
    expect(await readAll(await new FileDropConnector({ dir }).open('sites'))).toEqual([
      { line: 2, values: { site_code: 'P1', name: 'Plant 1' } },
    ]);
  });

  test('an unclosed quote fails the file with its name and the line where reading stopped', async () => {
    const dir = dirs.make();
    writeFile(dir, 'sites.csv', 'site_code,name\nP1,Plant 1\nP2,"Plant 2\nP3,Plant 3\n');
    await expect(readAll(await new FileDropConnector({ dir }).open('sites'))).rejects.toThrow(
      /sites\.csv: the CSV cannot be read from line 3/,
    );
  });

  test('contentHash is the SHA-256 of the bytes: equal for identical content, different otherwise', async () => {
    const [a, b, c] = [dirs.make(), dirs.make(), dirs.make()];
    const content = 'site_code,name\nP1,Plant 1\n';
    const path = writeFile(a, 'sites.csv', content);
    writeFile(b, 'sites.csv', content);
    writeFile(c, 'sites.csv', content.replace('Plant 1', 'Plant 2'));
    const hash = async (dir: string) => (await new FileDropConnector({ dir }).open('sites'))?.contentHash;
    expect(await hash(a)).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(await hash(b)).toBe(await hash(a));
    expect(await hash(c)).not.toBe(await hash(a));
  });

  test('a dataset without a file in the drop folder opens as null', async () => {
    const dir = dirs.make();
    writeFile(dir, 'stock.csv', 'sku,site_code,on_hand\n');
    expect(await new FileDropConnector({ dir }).open('sites')).toBeNull();
  });

  test('a drop folder that does not exist is an error, not an empty night', async () => {
    await expect(new FileDropConnector({ dir: '/nonexistent/drop' }).open('sites')).rejects.toThrow(
      /file-drop folder \/nonexistent\/drop cannot be read/,
    );
  });

  test('when both a CSV and an XLSX are dropped, the CSV is read and the run is warned', async () => {
    const dir = dirs.make();
    writeFile(dir, 'sites.csv', 'site_code,name\nP1,Plant 1\n');
    writeFile(dir, 'SITES.xlsx', 'not read');
    const source = await new FileDropConnector({ dir }).open('sites');
    expect(source?.file).toBe('sites.csv');
    expect(source?.warnings).toEqual(['several files for sites (sites.csv, SITES.xlsx): sites.csv is read']);
    expect(await readAll(source)).toHaveLength(1);
  });

  test('a file rewritten between open() and the end of reading fails instead of loading rows that do not match its hash', async () => {
    const dir = dirs.make();
    writeFile(dir, 'sites.csv', 'site_code,name\nP1,Plant 1\n');
    const source = await new FileDropConnector({ dir }).open('sites');
    writeFile(dir, 'sites.csv', 'site_code,name\nP1,Plant 1\nP2,Plant 2\n');
    await expect(readAll(source)).rejects.toThrow(/sites\.csv changed while it was being read/);
  });
});
