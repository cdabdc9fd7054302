import { join } from 'node:path';
import { loadFileDropMapping, parseFileDropMapping } from '../../connectors/file-drop/mapping';
import { loadMssqlMapping, parseMssqlMapping } from '../../connectors/mssql/mapping';
import { DATASET_NAMES } from '../../connectors/connector';
import { makeDropDirs, writeFile } from './helpers';

const dirs = makeDropDirs();
afterAll(() => dirs.cleanup());

const root = join(__dirname, '..', '..');

describe('file-drop mapping loader', () => {
  test('the shipped identity mapping and the SAP sample load, the sample covering all nine datasets', () => {
    expect(loadFileDropMapping(join(root, 'connectors/file-drop/mapping.json')).datasets).toEqual({});
    const sap = loadFileDropMapping(join(root, 'connectors/file-drop/mapping.sample-sap.json'));
    expect(Object.keys(sap.datasets).sort()).toEqual([...DATASET_NAMES].sort());
  });

  test('an unknown dataset is refused with the file and the dataset named', () => {
    expect(() => parseFileDropMapping({ datasets: { articles: { file: 'X' } } }, 'm.json')).toThrow(
      'file-drop mapping m.json: unknown dataset "articles" (datasets: sites, customers, items, prices, stock, supply, erp_demand, capacity, shipments, transit_lanes, returns)',
    );
  });

  test('a column mapped to a name that is not a canonical column of its dataset is refused, naming both', () => {
    expect(() =>
      parseFileDropMapping({ datasets: { items: { columns: { MATNR: 'sku', MAKTX: 'descr' } } } }, 'm.json'),
    ).toThrow(/m\.json: datasets\.items\.columns maps "MAKTX" to "descr", which is not a column of items/);
  });

  test('the same ERP column named twice in different case is refused', () => {
    expect(() =>
      parseFileDropMapping({ datasets: { items: { columns: { MATNR: 'sku', matnr: 'sku' } } } }, 'm.json'),
    ).toThrow(/names "matnr" twice/);
  });

  test('structural mistakes are refused with their path', () => {
    expect(() => parseFileDropMapping({ dataset: {} }, 'm.json')).toThrow(
      /m\.json: \(top level\): "datasets" is required/,
    );
    expect(() => parseFileDropMapping({ datasets: { items: { file: '../etc/passwd' } } }, 'm.json')).toThrow(
      /\/datasets\/items\/file must match pattern/,
    );
    expect(() => parseFileDropMapping({ datasets: { items: { colums: {} } } }, 'm.json')).toThrow(
      /\/datasets\/items: property "colums" is not allowed/,
    );
  });

  test('a file that is missing or not JSON is refused with its path', () => {
    const dir = dirs.make();
    const path = writeFile(dir, 'bad.json', '{ "datasets": ');
    expect(() => loadFileDropMapping(path)).toThrow(`file-drop mapping ${path}: not valid JSON`);
    expect(() => loadFileDropMapping(join(dir, 'none.json'))).toThrow(
      `file-drop mapping ${join(dir, 'none.json')}: cannot be read`,
    );
  });
});

describe('mssql mapping loader', () => {
  const window = 'WHERE rv >= CAST(@since AS BINARY(8)) AND rv < CAST(@upto AS BINARY(8))';

  test('the shipped default and sample load, covering all nine datasets', () => {
    for (const file of ['mapping.json', 'mapping.sample.json']) {
      const mapping = loadMssqlMapping(join(root, 'connectors/mssql', file));
      expect(Object.keys(mapping.datasets).sort()).toEqual([...DATASET_NAMES].sort());
    }
  });

  test.each(['stock', 'supply', 'erp_demand'])(
    'incremental reading of the snapshot dataset %s is refused',
    (dataset) => {
      const mapping = {
        datasets: {
          [dataset]: { query: `SELECT x FROM v ${window}`, incremental: { rowversionColumn: 'rv' } },
        },
      };
      expect(() => parseMssqlMapping(mapping, 'm.json')).toThrow(
        `mssql mapping m.json: datasets.${dataset}: "incremental" is not allowed: ${dataset} is a snapshot`,
      );
    },
  );

  test('an incremental query without @since or @upto is refused, naming what it lacks', () => {
    const mapping = (query: string) => ({
      datasets: { items: { query, incremental: { rowversionColumn: 'rv' } } },
    });
    expect(() => parseMssqlMapping(mapping('SELECT sku FROM v WHERE rv >= @since'), 'm.json')).toThrow(
      /datasets\.items: an incremental query must filter .* it lacks @upto/,
    );
    expect(() => parseMssqlMapping(mapping('SELECT sku FROM v'), 'm.json')).toThrow(
      /it lacks @since and @upto/,
    );
    expect(() =>
      parseMssqlMapping(mapping('SELECT sku FROM v WHERE x >= @since AND x < @upto'), 'm.json'),
    ).toThrow(/does not mention its rowversionColumn "rv"/);
  });

  test('a query using @since without an incremental section is refused (it would fail on the server)', () => {
    expect(() =>
      parseMssqlMapping({ datasets: { items: { query: `SELECT sku FROM v ${window}` } } }, 'm.json'),
    ).toThrow(/uses @since\/@upto but has no "incremental" section/);
  });

  test('structural mistakes are refused with their path', () => {
    expect(() => parseMssqlMapping({ datasets: { items: {} } }, 'm.json')).toThrow(
      /\/datasets\/items: "query" is required/,
    );
    expect(() =>
      parseMssqlMapping({ datasets: {}, ordersOut: { table: 'x; DROP TABLE y' } }, 'm.json'),
    ).toThrow(/\/ordersOut\/table must match pattern/);
  });
});
