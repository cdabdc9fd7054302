import { join } from 'node:path';
import { FileDropConnector, createConnector } from '../../connectors';
import { makeDropDirs, readAll, writeFile } from './helpers';

const dirs = makeDropDirs();
afterAll(() => dirs.cleanup());

const watermarks = { get: async () => null, set: async () => undefined };

describe('createConnector', () => {
  test('file-drop with the shipped identity mapping reads files named after the datasets', async () => {
    const dir = dirs.make();
    writeFile(dir, 'sites.csv', 'site_code,name\nP1,Plant 1\n');
    const connector = await createConnector({ name: 'file-drop', dropDir: dir, watermarks });
    expect(connector).toBeInstanceOf(FileDropConnector);
    expect(await readAll(await connector.open('sites'))).toEqual([
      { line: 2, values: { site_code: 'P1', name: 'Plant 1' } },
    ]);
  });

  test('file-drop with a mapping file uses its names', async () => {
    const dir = dirs.make();
    writeFile(dir, 'T001W_PLANTS.csv', 'WERKS,NAME1\nP1,Plant 1\n');
    const mappingFile = join(__dirname, '..', '..', 'connectors/file-drop/mapping.sample-sap.json');
    const connector = await createConnector({ name: 'file-drop', dropDir: dir, mappingFile, watermarks });
    expect(await readAll(await connector.open('sites'))).toEqual([
      { line: 2, values: { site_code: 'P1', name: 'Plant 1' } },
    ]);
  });

  test('mssql without a URL is refused with the variable to set', async () => {
    await expect(createConnector({ name: 'mssql', dropDir: '', watermarks })).rejects.toThrow(
      'ERP_MSSQL_URL is required for ERP_CONNECTOR=mssql',
    );
  });

  test('an unknown connector name is refused with the known ones listed', async () => {
    await expect(createConnector({ name: 'sap-rfc', dropDir: '', watermarks })).rejects.toThrow(
      'unknown ERP connector "sap-rfc" (known: file-drop, mssql)',
    );
  });
});
