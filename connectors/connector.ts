/**
 * Every ERP connector produces the same normalized records (the contract's canonical column
 * names), so everything after the connector is shared: validation, quarantine, loading.
 */
export const DATASET_NAMES = [
  'sites',
  'customers',
  'items',
  'prices',
  'stock',
  'supply',
  'erp_demand',
  'capacity',
  'shipments',
  'transit_lanes',
  'returns',
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** One row as read: canonical column name -> raw text (null for an empty cell). */
export interface SourceRow {
  /** Line (CSV: physical line of the record's start; XLSX: sheet row; SQL: 1-based row number). */
  line: number;
  values: Record<string, string | null>;
  /** Set when the row itself could not be read properly (bad encoding, wrong column count). */
  problem?: string;
}

export interface DatasetSource {
  dataset: DatasetName;
  /** What the run report names: the file name, or `mssql:<dataset>` for a query. */
  file: string;
  /**
   * SHA-256 of the content when the connector can know it before reading (files); a dataset
   * whose hash equals the last loaded one is `unchanged`. null: always read.
   */
  contentHash: string | null;
  /** Canonical column names present in the source (after mapping). */
  columns: string[];
  /** Once-per-run notes (unknown columns ignored, …). */
  warnings: string[];
  /** Streams the rows; memory stays flat whatever the size. */
  rows(): AsyncIterable<SourceRow>;
  /** The same rows in batches, where the source reads them so (one asynchronous step a batch). */
  batches?(): AsyncIterable<SourceRow[]>;
  /** Called after the dataset was committed (mssql stores its rowversion high-water mark). */
  commit?(): Promise<void>;
}

/** A row-at-a-time source as batches of one, for a reader that takes batches. */
export async function* singleRowBatches<T>(rows: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const row of rows) yield [row];
}

export interface ErpConnector {
  readonly name: string;
  /** The source of one dataset, or null when the ERP offers none this run (no file dropped). */
  open(dataset: DatasetName): Promise<DatasetSource | null>;
  close(): Promise<void>;
}

/** Canonical columns per dataset, from ../shared/contract/erp-datasets.md. */
export const DATASET_COLUMNS: Record<DatasetName, { required: string[]; optional: string[] }> = {
  sites: { required: ['site_code', 'name'], optional: ['timezone'] },
  customers: {
    required: ['erp_customer_id', 'name'],
    optional: ['country', 'currency', 'payment_terms', 'credit_limit', 'account_manager_email', 'active'],
  },
  items: {
    required: ['sku', 'description', 'uom', 'make_or_buy', 'lead_time_days'],
    optional: ['family', 'list_price', 'currency', 'active', 'warranty_months'],
  },
  prices: {
    required: ['sku', 'currency', 'unit_price'],
    optional: ['erp_customer_id', 'min_qty', 'valid_from', 'valid_to'],
  },
  stock: { required: ['sku', 'site_code', 'on_hand'], optional: ['blocked'] },
  supply: { required: ['ref', 'kind', 'sku', 'site_code', 'open_qty', 'due_date'], optional: ['status'] },
  erp_demand: {
    required: ['ref', 'sku', 'site_code', 'open_qty', 'due_date'],
    optional: ['erp_customer_id', 'crm_order_ref'],
  },
  capacity: { required: ['family', 'site_code', 'date', 'units'], optional: [] },
  shipments: {
    required: ['shipment_ref', 'line_no', 'order_ref', 'order_line_no', 'sku', 'quantity', 'ship_date'],
    optional: ['carrier', 'tracking_no', 'delivered_date', 'serial_or_batch'],
  },
  transit_lanes: { required: ['site_code', 'country', 'transit_days'], optional: ['mode', 'carrier'] },
  returns: {
    required: ['return_ref', 'line_no', 'rma_number', 'rma_line_no', 'sku', 'quantity', 'received_date'],
    optional: ['condition', 'serial_or_batch'],
  },
};

export const allColumns = (d: DatasetName): string[] => [
  ...DATASET_COLUMNS[d].required,
  ...DATASET_COLUMNS[d].optional,
];
