import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { DATASET_NAMES } from '../connector';

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
