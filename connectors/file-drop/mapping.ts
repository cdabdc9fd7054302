import { ajv } from '../../src/shared/http/validation';
import { DatasetName, allColumns } from '../connector';
import { normalizeName } from '../common/header';
import { describeSchemaErrors, mappingDocumentSchema, readJsonFile } from '../common/mapping-document';

export interface FileDropDatasetMapping {
  /** Base name of the file in the drop folder, without extension (default: the dataset name). */
  file?: string;
  /** ERP column name -> canonical column name; names match case-insensitively. */
  columns?: Record<string, string>;
}

export interface FileDropMapping {
  $comment?: string;
  datasets: Partial<Record<DatasetName, FileDropDatasetMapping>>;
}

const datasetSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    // A base name only: the drop folder is the one place files are read from.
    file: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^/\\\\]+$' },
    columns: { type: 'object', additionalProperties: { type: 'string', minLength: 1, maxLength: 100 } },
  },
};

const validateMapping = ajv.compile(mappingDocumentSchema(datasetSchema));

/** Validates a parsed file-drop mapping; `source` names it in errors. */
export function parseFileDropMapping(value: unknown, source: string): FileDropMapping {
  const what = 'file-drop mapping';
  if (!validateMapping(value))
    throw new Error(`${what} ${source}: ${describeSchemaErrors(validateMapping.errors)}`);
  const mapping = value as FileDropMapping;
  for (const [dataset, entry] of Object.entries(mapping.datasets) as [
    DatasetName,
    FileDropDatasetMapping,
  ][]) {
    const known = allColumns(dataset);
    const seen = new Set<string>();
    for (const [erpName, target] of Object.entries(entry.columns ?? {})) {
      if (!known.includes(target)) {
        throw new Error(
          `${what} ${source}: datasets.${dataset}.columns maps "${erpName}" to "${target}", which is not a column of ${dataset} (columns: ${known.join(', ')})`,
        );
      }
      const key = normalizeName(erpName);
      if (seen.has(key))
        throw new Error(
          `${what} ${source}: datasets.${dataset}.columns names "${erpName}" twice (names are case-insensitive)`,
        );
      seen.add(key);
    }
  }
  return mapping;
}

export function loadFileDropMapping(path: string): FileDropMapping {
  return parseFileDropMapping(readJsonFile(path, 'file-drop mapping'), path);
}

/** The mapping's renames for one dataset, keyed by normalized ERP name. */
export function renamesFor(mapping: FileDropMapping | undefined, dataset: DatasetName): Map<string, string> {
  const columns = mapping?.datasets[dataset]?.columns ?? {};
  return new Map(Object.entries(columns).map(([erp, canonical]) => [normalizeName(erp), canonical]));
}
