import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { ajv } from '../../src/shared/http/validation';
import { DATASET_NAMES, DatasetName, allColumns } from '../connector';
import { normalizeName } from './header';

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

/** The shape every connector's mapping file shares: datasets by name, plus connector-specific keys. */
export function mappingDocumentSchema(datasetSchema: object, extra: Record<string, object> = {}): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['datasets'],
    properties: {
      $comment: { type: 'string' },
      datasets: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(DATASET_NAMES.map((d) => [d, datasetSchema])),
      },
      ...extra,
    },
  };
}

const validateMapping = ajv.compile(mappingDocumentSchema(datasetSchema));

/** Reads and parses a JSON mapping file; every failure names the file. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${what} ${path}: cannot be read (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${what} ${path}: not valid JSON (${(err as Error).message})`);
  }
}

/** ajv's errors as one sentence a person fixing the file understands. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const at = e.instancePath || '(top level)';
      if (e.keyword === 'additionalProperties') {
        const extra = String(e.params.additionalProperty);
        return e.instancePath === '/datasets'
          ? `unknown dataset "${extra}" (datasets: ${DATASET_NAMES.join(', ')})`
          : `${at}: property "${extra}" is not allowed`;
      }
      if (e.keyword === 'required') return `${at}: "${String(e.params.missingProperty)}" is required`;
      return `${at} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}

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
