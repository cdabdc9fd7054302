import { DATASET_NAMES } from '../../connectors/connector';
import { pageQuerySchema } from '../shared/http/pagination';
import { S, Static } from '../shared/http/validation';

export const CONNECTORS = ['file-drop', 'mssql'] as const;

export const syncRequestSchema = S.object({
  connector: S.enum(CONNECTORS),
  datasets: S.array(S.enum(DATASET_NAMES), { minItems: 1, uniqueItems: true }),
  force: S.boolean,
});
export type SyncRequest = Static<typeof syncRequestSchema>;

export const runIdParams = S.object({ runId: S.id }, ['runId']);
export const quarantineIdParams = S.object({ id: S.string({ pattern: '^[0-9]{1,15}$' }) }, ['id']);

const datasetReport = S.object({
  name: { enum: [...DATASET_NAMES] },
  file: { type: ['string', 'null'] },
  status: { enum: ['loaded', 'partial', 'unchanged', 'refused', 'failed'] },
  read: { type: 'integer' },
  inserted: { type: 'integer' },
  updated: { type: 'integer' },
  unchanged: { type: 'integer' },
  closed: { type: 'integer' },
  quarantined: { type: 'integer' },
  warnings: { type: 'array', items: { type: 'string' } },
});

export const runSchema = S.object({
  id: S.id,
  status: { enum: ['queued', 'running', 'succeeded', 'partial', 'failed', 'refused'] },
  trigger: { enum: ['manual', 'schedule', 'demo'] },
  connector: { type: 'string' },
  force: { type: 'boolean' },
  createdAt: { type: 'string' },
  startedAt: { type: ['string', 'null'] },
  finishedAt: { type: ['string', 'null'] },
  progress: {
    type: ['object', 'null'],
    description: 'while running: the dataset being read and its rows so far',
  },
  datasets: { type: 'array', items: datasetReport },
  error: { type: 'string' },
});

export const quarantineQuery = S.object({
  ...pageQuerySchema,
  runId: S.id,
  dataset: S.enum(DATASET_NAMES),
  open: S.enum(['true', 'false']),
});
export type QuarantineQuery = Static<typeof quarantineQuery>;

export const quarantineSchema = S.object({
  id: { type: 'string' },
  runId: S.id,
  dataset: { type: 'string' },
  file: { type: ['string', 'null'] },
  line: { type: 'integer' },
  reason: { type: 'string' },
  row: { type: ['object', 'null'] },
  resolvedAt: { type: ['string', 'null'], description: 'set once a later run retried the row' },
});
