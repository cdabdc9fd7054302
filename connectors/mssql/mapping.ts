import { ajv } from '../../src/shared/http/validation';
import type { DatasetName } from '../connector';
import { describeSchemaErrors, mappingDocumentSchema, readJsonFile } from '../common/mapping-document';

export interface MssqlDatasetMapping {
  $comment?: string;
  /** Returns the dataset's rows with columns aliased to canonical names (`SELECT MATNR AS sku, …`). */
  query: string;
  /** Reads only rows changed since the last committed run; the query filters on @since/@upto. */
  incremental?: { rowversionColumn: string };
}

export interface MssqlMapping {
  $comment?: string;
  datasets: Partial<Record<DatasetName, MssqlDatasetMapping>>;
  /** Where FactoryDesk's orders go for the ERP to import (used by the outbound export). */
  ordersOut?: { table: string };
  /** Where the nightly fulfillment_metrics are merged for sales planning (erp-datasets.md, Outbound). */
  fulfillmentMetrics?: { table: string };
}

/**
 * A snapshot is the complete open set: rows absent from it are closed. Reading only the changed
 * rows would close everything that did not change, so these datasets are never incremental.
 */
export const SNAPSHOT_DATASETS: readonly DatasetName[] = ['stock', 'supply', 'erp_demand'];

const identifier = '^\\[?[A-Za-z_][A-Za-z0-9_]*\\]?$';
const datasetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['query'],
  properties: {
    $comment: { type: 'string' },
    query: { type: 'string', minLength: 1, maxLength: 20000 },
    incremental: {
      type: 'object',
      additionalProperties: false,
      required: ['rowversionColumn'],
      properties: { rowversionColumn: { type: 'string', pattern: identifier } },
    },
  },
};

const tableSetting = {
  type: 'object',
  additionalProperties: false,
  required: ['table'],
  properties: {
    table: {
      type: 'string',
      pattern: '^(\\[?[A-Za-z_][A-Za-z0-9_]*\\]?\\.)?\\[?[A-Za-z_][A-Za-z0-9_]*\\]?$',
    },
  },
};

const validateMapping = ajv.compile(
  mappingDocumentSchema(datasetSchema, { ordersOut: tableSetting, fulfillmentMetrics: tableSetting }),
);

const mentions = (query: string, param: string): boolean =>
  new RegExp(`${param}(?![A-Za-z0-9_@#$])`, 'i').test(query);

/** Validates a parsed mssql mapping; `source` names it in errors. */
export function parseMssqlMapping(value: unknown, source: string): MssqlMapping {
  const what = 'mssql mapping';
  if (!validateMapping(value))
    throw new Error(`${what} ${source}: ${describeSchemaErrors(validateMapping.errors)}`);
  const mapping = value as MssqlMapping;
  for (const [dataset, entry] of Object.entries(mapping.datasets) as [DatasetName, MssqlDatasetMapping][]) {
    const at = `${what} ${source}: datasets.${dataset}`;
    const usesWindow = mentions(entry.query, '@since') || mentions(entry.query, '@upto');
    if (!entry.incremental) {
      if (usesWindow) throw new Error(`${at}: the query uses @since/@upto but has no "incremental" section`);
      continue;
    }
    if (SNAPSHOT_DATASETS.includes(dataset)) {
      throw new Error(
        `${at}: "incremental" is not allowed: ${dataset} is a snapshot and needs the complete open set every run`,
      );
    }
    const missing = ['@since', '@upto'].filter((p) => !mentions(entry.query, p));
    if (missing.length > 0) {
      throw new Error(
        `${at}: an incremental query must filter with WHERE <rowversion> >= @since AND <rowversion> < @upto; it lacks ${missing.join(' and ')}`,
      );
    }
    const column = entry.incremental.rowversionColumn.replace(/^\[|\]$/g, '');
    if (!new RegExp(`\\b${column}\\b`, 'i').test(entry.query)) {
      throw new Error(`${at}: the query does not mention its rowversionColumn "${column}"`);
    }
  }
  return mapping;
}

export function loadMssqlMapping(path: string): MssqlMapping {
  return parseMssqlMapping(readJsonFile(path, 'mssql mapping'), path);
}
