import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  DatasetName,
  DatasetSource,
  ErpConnector,
  ErpOutbound,
  SourceRow,
  singleRowBatches,
} from '../connector';
import { CellRow } from '../../src/shared/cells/cells';
import { readCsvCells } from './csv-cells';
import { exportFolderOutbound } from '../common/export-files';
import { ResolvedHeader, mapCells, resolveHeader } from '../common/header';
import { FileDropMapping, renamesFor } from './mapping';
import { readXlsxCells, XlsxLimits } from '../../src/shared/cells/xlsx-cells';

export interface FileDropOptions {
  /** The drop folder the ERP writes `<dataset>.csv` / `<dataset>.xlsx` into. */
  dir: string;
  /** Renames files and columns; absent = the contract's names as they are. */
  mapping?: FileDropMapping;
  /** The export folder FactoryDesk writes its outbound files into; absent = it delivers none. */
  exportDir?: string;
  /** How far an .xlsx may inflate; absent = DEFAULT_XLSX_LIMITS. */
  xlsxLimits?: XlsxLimits;
}

type Format = 'csv' | 'xlsx';

interface FoundFile {
  path: string;
  name: string;
  format: Format;
  warnings: string[];
  xlsxLimits?: XlsxLimits;
}

export class FileDropConnector implements ErpConnector {
  readonly name = 'file-drop';

  readonly outbound: ErpOutbound;

  constructor(private readonly options: FileDropOptions) {
    this.outbound = exportFolderOutbound(options.exportDir);
  }

  async open(dataset: DatasetName): Promise<DatasetSource | null> {
    const found = await this.findFile(dataset);
    if (!found) return null;
    const before = await stat(found.path);
    const contentHash = await hashFile(found.path);
    const headerRow = await readHeaderRow(found);
    const header = resolveHeader(dataset, headerRow?.cells ?? [], renamesFor(this.options.mapping, dataset));
    const warnings = [
      ...found.warnings,
      ...(headerRow ? [] : ['the file is empty (no header row)']),
      ...header.warnings,
    ];
    return {
      dataset,
      file: found.name,
      contentHash,
      columns: header.columns,
      warnings,
      rows: () => eachRow(readRows(found, header, before.mtimeMs, before.size)),
      batches: () => readRows(found, header, before.mtimeMs, before.size),
    };
  }

  async close(): Promise<void> {}

  /** `<base>.csv` or `<base>.xlsx`, names compared case-insensitively (exports from Windows shout). */
  private async findFile(dataset: DatasetName): Promise<FoundFile | null> {
    const base = (this.options.mapping?.datasets[dataset]?.file ?? dataset).toLowerCase();
    let entries;
    try {
      entries = await readdir(this.options.dir, { withFileTypes: true });
    } catch (err) {
      // A missing drop folder is a misconfiguration, not "nothing dropped tonight".
      throw new Error(`file-drop folder ${this.options.dir} cannot be read (${(err as Error).message})`);
    }
    const names = entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    const byFormat = (format: Format) => names.filter((n) => n.toLowerCase() === `${base}.${format}`);
    const csv = byFormat('csv');
    const xlsx = byFormat('xlsx');
    const name = csv[0] ?? xlsx[0];
    if (name === undefined) return null;
    const warnings: string[] = [];
    if (csv.length + xlsx.length > 1)
      warnings.push(`several files for ${dataset} (${[...csv, ...xlsx].join(', ')}): ${name} is read`);
    return {
      path: join(this.options.dir, name),
      name,
      format: csv.length > 0 ? 'csv' : 'xlsx',
      warnings,
      ...(this.options.xlsxLimits && { xlsxLimits: this.options.xlsxLimits }),
    };
  }
}

function sourceRow(format: Format, header: ResolvedHeader, width: number, row: CellRow): SourceRow {
  // An XLSX row simply ends at its last filled cell; a CSV record must have every field.
  const wrongWidth = format === 'csv' ? row.cells.length !== width : row.cells.length > width;
  const values = mapCells(header, row.cells);
  if (!wrongWidth && row.problem === undefined) return { line: row.line, values };
  const problems = [
    ...(wrongWidth ? [`expected ${width} columns, found ${row.cells.length}`] : []),
    ...(row.problem === undefined ? [] : [row.problem]),
  ];
  return { line: row.line, values, problem: problems.join('; ') };
}

/** Streamed, so a file of any size hashes in constant memory. */
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function* eachRow<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

function readCells(found: FoundFile): AsyncGenerator<CellRow[]> {
  return found.format === 'csv'
    ? readCsvCells(createReadStream(found.path), found.name)
    : singleRowBatches(readXlsxCells({ path: found.path }, found.name, found.xlsxLimits));
}

/** The header is the first non-blank row; reading stops right after it. */
async function readHeaderRow(found: FoundFile): Promise<CellRow | undefined> {
  const cells = readCells(found);
  try {
    const first = await cells.next();
    return first.done ? undefined : first.value[0];
  } finally {
    await cells.return(undefined);
  }
}

async function* readRows(
  found: FoundFile,
  header: ResolvedHeader,
  mtimeMs: number,
  size: number,
): AsyncGenerator<SourceRow[]> {
  const width = header.targets.length;
  let sawHeader = false;
  for await (const batch of readCells(found)) {
    const rows: SourceRow[] = [];
    for (const row of batch) {
      if (!sawHeader) {
        sawHeader = true;
        continue;
      }
      rows.push(sourceRow(found.format, header, width, row));
    }
    if (rows.length) yield rows;
  }
  // The hash was taken at open(): rows of a file rewritten since then would not match it.
  const after = await stat(found.path);
  if (after.mtimeMs !== mtimeMs || after.size !== size) {
    throw new Error(
      `${found.name} changed while it was being read; the ERP should write elsewhere and rename into the drop folder`,
    );
  }
}
