import type { Knex } from 'knex';
import type { DatasetName } from '../../connectors/connector';
import { applyShipmentsToLines } from './shipped-lines.repository';
import { rebuildDailySums } from './daily-sums.repository';

export type ColumnType = 'text' | 'int' | 'qty' | 'money' | 'date' | 'bool' | 'enum' | 'email' | 'country';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** Text length limit, matching the column. */
  max?: number;
  required?: boolean;
  /** Value used for an empty cell of an optional column. */
  default?: string | boolean;
  values?: readonly string[];
}

export interface Reference {
  column: string;
  table: string;
  targetColumn: string;
  reason: string;
}

export interface DatasetSpec {
  name: DatasetName;
  mode: 'upsert' | 'snapshot';
  table: string;
  key: string[];
  columns: ColumnSpec[];
  references: Reference[];
  /** snapshot: the quantities set to 0 when a row is absent from a later snapshot. */
  closeToZero?: string[];
  /** The CRM owns the row's id (accounts); the ERP owns the rest. */
  crmOwned?: boolean;
  /** The target table records created_at (the foundation's CRM tables). */
  createdAt?: boolean;
  /**
   * Columns whose previous value a merge keeps when it changes (and changed_run_id), so a
   * re-confirmation can say what moved: "MO-123 moved from 03-02 to 03-09".
   */
  track?: Array<{ column: string; previous: string }>;
  /** Runs in the merge's transaction, after the rows are in: what the dataset changes beyond its table. */
  afterMerge?: (trx: Knex, stg: string) => Promise<void>;
}

const SKU: Reference = {
  column: 'sku',
  table: 'items',
  targetColumn: 'sku',
  reason: 'unknown sku (not among the ERP items)',
};
const SITE: Reference = {
  column: 'site_code',
  table: 'sites',
  targetColumn: 'site_code',
  reason: 'unknown site_code (not among the ERP sites)',
};
const CUSTOMER: Reference = {
  column: 'erp_customer_id',
  table: 'accounts',
  targetColumn: 'erp_customer_id',
  reason: 'unknown erp_customer_id (not among the ERP customers)',
};

const sku = { name: 'sku', type: 'text', max: 40, required: true } as const;
const site = { name: 'site_code', type: 'text', max: 20, required: true } as const;

/**
 * The contract's datasets (shared/contract/erp-datasets.md), in load order: the datasets others
 * refer to come first, so references resolve against what this same run just loaded.
 */
export const DATASETS: DatasetSpec[] = [
  {
    name: 'sites',
    mode: 'upsert',
    table: 'sites',
    key: ['site_code'],
    createdAt: true,
    columns: [
      site,
      { name: 'name', type: 'text', max: 200, required: true },
      { name: 'timezone', type: 'text', max: 64 },
    ],
    references: [],
  },
  {
    name: 'customers',
    mode: 'upsert',
    table: 'accounts',
    key: ['erp_customer_id'],
    crmOwned: true,
    createdAt: true,
    columns: [
      { name: 'erp_customer_id', type: 'text', max: 40, required: true },
      { name: 'name', type: 'text', max: 200, required: true },
      { name: 'country', type: 'text', max: 60 },
      { name: 'currency', type: 'text', max: 3 },
      { name: 'payment_terms', type: 'text', max: 60 },
      { name: 'credit_limit', type: 'money' },
      { name: 'account_manager_email', type: 'email', max: 254 },
      { name: 'active', type: 'bool', default: true },
    ],
    references: [],
  },
  {
    name: 'items',
    mode: 'upsert',
    table: 'items',
    key: ['sku'],
    createdAt: true,
    columns: [
      sku,
      { name: 'description', type: 'text', max: 200, required: true },
      { name: 'uom', type: 'text', max: 10, required: true },
      { name: 'family', type: 'text', max: 40 },
      { name: 'make_or_buy', type: 'enum', values: ['make', 'buy'], required: true },
      { name: 'lead_time_days', type: 'int', required: true },
      { name: 'list_price', type: 'money' },
      { name: 'currency', type: 'text', max: 3 },
      { name: 'active', type: 'bool', default: true },
      { name: 'warranty_months', type: 'int', default: '0' },
    ],
    references: [],
  },
  {
    name: 'prices',
    mode: 'upsert',
    table: 'erp_prices',
    key: ['sku', 'erp_customer_id', 'currency', 'min_qty', 'valid_from'],
    columns: [
      sku,
      // Key columns cannot be NULL in a primary key: '' stands for the list price, 0001-01-01 for "always".
      { name: 'erp_customer_id', type: 'text', max: 40, default: '' },
      { name: 'currency', type: 'text', max: 3, required: true },
      { name: 'min_qty', type: 'qty', default: '1' },
      { name: 'unit_price', type: 'money', required: true },
      { name: 'valid_from', type: 'date', default: '0001-01-01' },
      { name: 'valid_to', type: 'date' },
    ],
    references: [SKU, { ...CUSTOMER, column: 'erp_customer_id' }],
  },
  {
    name: 'stock',
    mode: 'snapshot',
    table: 'erp_stock',
    key: ['sku', 'site_code'],
    columns: [
      sku,
      site,
      { name: 'on_hand', type: 'qty', required: true },
      { name: 'blocked', type: 'qty', default: '0' },
    ],
    references: [SKU, SITE],
    closeToZero: ['on_hand', 'blocked'],
    track: [{ column: 'on_hand', previous: 'prev_on_hand' }],
  },
  {
    name: 'supply',
    mode: 'snapshot',
    table: 'erp_supply',
    key: ['ref'],
    columns: [
      { name: 'ref', type: 'text', max: 60, required: true },
      { name: 'kind', type: 'enum', values: ['production', 'purchase', 'transfer'], required: true },
      sku,
      site,
      { name: 'open_qty', type: 'qty', required: true },
      { name: 'due_date', type: 'date', required: true },
      { name: 'status', type: 'enum', values: ['planned', 'firm', 'released'] },
    ],
    references: [SKU, SITE],
    closeToZero: ['open_qty'],
    track: [
      { column: 'due_date', previous: 'prev_due_date' },
      { column: 'open_qty', previous: 'prev_open_qty' },
    ],
    // What availability reads: the open supply per day.
    afterMerge: (trx) => rebuildDailySums(trx, 'erp_supply'),
  },
  {
    name: 'erp_demand',
    mode: 'snapshot',
    table: 'erp_demand',
    key: ['ref'],
    columns: [
      { name: 'ref', type: 'text', max: 60, required: true },
      sku,
      site,
      { name: 'open_qty', type: 'qty', required: true },
      { name: 'due_date', type: 'date', required: true },
      { name: 'erp_customer_id', type: 'text', max: 40 },
      { name: 'crm_order_ref', type: 'text', max: 60 },
    ],
    references: [SKU, SITE, CUSTOMER],
    closeToZero: ['open_qty'],
    afterMerge: (trx) => rebuildDailySums(trx, 'erp_demand'),
  },
  {
    name: 'capacity',
    mode: 'upsert',
    table: 'erp_capacity',
    key: ['family', 'site_code', 'date'],
    columns: [
      { name: 'family', type: 'text', max: 40, required: true },
      site,
      { name: 'date', type: 'date', required: true },
      { name: 'units', type: 'qty', required: true },
    ],
    references: [SITE],
  },
  {
    name: 'shipments',
    mode: 'upsert',
    table: 'erp_shipments',
    key: ['shipment_ref', 'line_no'],
    columns: [
      { name: 'shipment_ref', type: 'text', max: 60, required: true },
      { name: 'line_no', type: 'int', required: true },
      { name: 'order_ref', type: 'text', max: 60, required: true },
      { name: 'order_line_no', type: 'int', required: true },
      sku,
      { name: 'quantity', type: 'qty', required: true },
      { name: 'ship_date', type: 'date', required: true },
      { name: 'carrier', type: 'text', max: 60 },
      { name: 'tracking_no', type: 'text', max: 60 },
      { name: 'delivered_date', type: 'date' },
      { name: 'serial_or_batch', type: 'text', max: 60 },
    ],
    references: [SKU],
    // A shipped line reserves only what is left to ship (the rest already left the ERP's stock).
    afterMerge: applyShipmentsToLines,
  },
  {
    name: 'transit_lanes',
    mode: 'upsert',
    table: 'erp_transit_lanes',
    key: ['site_code', 'country'],
    columns: [
      site,
      { name: 'country', type: 'country', max: 2, required: true },
      { name: 'transit_days', type: 'int', required: true },
      { name: 'mode', type: 'enum', values: ['road', 'sea', 'air', 'rail'] },
      { name: 'carrier', type: 'text', max: 60 },
    ],
    references: [SITE],
  },
  {
    name: 'returns',
    mode: 'upsert',
    table: 'erp_returns',
    key: ['return_ref', 'line_no'],
    columns: [
      { name: 'return_ref', type: 'text', max: 60, required: true },
      { name: 'line_no', type: 'int', required: true },
      // The RMA may be FactoryDesk's or not yet known to it: the cases domain matches it when it reads the row.
      { name: 'rma_number', type: 'text', max: 30, required: true },
      { name: 'rma_line_no', type: 'int', required: true },
      sku,
      { name: 'quantity', type: 'qty', required: true },
      { name: 'received_date', type: 'date', required: true },
      { name: 'condition', type: 'enum', values: ['as_new', 'damaged', 'defective'] },
      { name: 'serial_or_batch', type: 'text', max: 60 },
    ],
    references: [SKU],
  },
];

export const DATASET_BY_NAME = new Map(DATASETS.map((d) => [d.name, d]));

export function datasetSpec(name: DatasetName): DatasetSpec {
  const spec = DATASET_BY_NAME.get(name);
  if (!spec) throw new Error(`unknown dataset ${name}`);
  return spec;
}
