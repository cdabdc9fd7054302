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
  /** Where FactoryDesk's own records go for the ERP to import; see ErpOutbound. */
  readonly outbound: ErpOutbound;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Outbound (erp-datasets.md, Outbound): the domain decides which records and builds the rows in
// the contract's columns; the connector owns the transport (files, a SQL Server table, …).

/** orders_out's columns, in the order the files carry them. */
export const ORDERS_OUT_COLUMNS = [
  'order_number',
  'line_no',
  'erp_customer_id',
  'customer_po',
  'sku',
  'site_code',
  'quantity',
  'requested_date',
  'confirmed_date',
  'confirmations',
  'status',
  'ship_complete',
  'payment_terms',
  'incoterm',
  'incoterm_place',
  'currency',
  'net_price',
  'line_total',
  'updated_at',
  'description',
  'ship_date',
  'arrival_date',
  'promised_by',
] as const;

/** One order line for the ERP, keyed by order_number + line_no. */
export interface OrdersOutRow {
  order_number: string;
  line_no: number;
  erp_customer_id: string | null;
  customer_po: string | null;
  /** Null on a non-catalog line (the ERP has no item for it yet): `description` says what it is. */
  sku: string | null;
  site_code: string | null;
  /** Exact decimal text (`2.5`), never through a float. */
  quantity: string;
  requested_date: string;
  confirmed_date: string | null;
  /** The line's current dated confirmations: `2026-12-01:5;2026-12-08:3`. */
  confirmations: string;
  status: string;
  ship_complete: boolean;
  payment_terms: string | null;
  /** The negotiated delivery rule and place (Incoterms 2020), from the accepted quote. */
  incoterm: string | null;
  incoterm_place: string | null;
  /** Agreed net unit price and line total in `currency`, exact decimal text; empty for orders taken without a quote. */
  currency: string | null;
  net_price: string | null;
  line_total: string | null;
  updated_at: string;
  /** The item's description, or what a non-catalog line is (a custom flange adapter). */
  description: string | null;
  /** The line's ship date (ATP's, at the site) and, when the lane is known, its arrival date at the customer. */
  ship_date: string | null;
  arrival_date: string | null;
  /** Which of the two `confirmed_date` is: `arrival` under a D Incoterm with a known lane, else `ship`. */
  promised_by: 'ship' | 'arrival';
}

/** rma_out's columns (erp-datasets.md, Outbound), in the order the files carry them. */
export const RMA_OUT_COLUMNS = [
  'rma_number',
  'line_no',
  'erp_customer_id',
  'order_number',
  'order_line_no',
  'sku',
  'quantity',
  'reason',
  'disposition',
  'authorized_at',
] as const;

/** One authorized return line for the ERP's goods receipt, keyed by rma_number + line_no. */
export interface RmaOutRow {
  rma_number: string;
  line_no: number;
  erp_customer_id: string | null;
  order_number: string;
  order_line_no: number;
  sku: string;
  /** Exact decimal text, never through a float. */
  quantity: string;
  reason: string;
  disposition: string;
  authorized_at: string;
}

/**
 * Which rows a write receives. `picture`: every row the ERP should hold now, so a target that
 * replaces its whole content (a file) can be written from it. `changes`: only the rows of the
 * records that changed, which is enough for a target that upserts by key (a table).
 */
export type OutboundScope = 'picture' | 'changes';

export interface OutboundContext {
  /** What the rows of this write are: the picture even for a `changes` target on a nightly run. */
  scope: OutboundScope;
}

/** One place a connector delivers an outbound dataset to. */
export interface OutboundTarget<Row> {
  /** Names the target in logs and errors: `orders_out files`, `orders_out (SQL Server)`. */
  readonly label: string;
  /** The rows this target needs; a `picture` target is always given the picture. */
  readonly takes: OutboundScope;
  /**
   * Writes the rows and returns how many it wrote. Must be idempotent: the caller writes again
   * when its records changed during the write, and jobs are delivered at least once.
   */
  write(rows: AsyncIterable<Row>, ctx: OutboundContext): Promise<number>;
}

/** fulfillment_metrics's columns (erp-datasets.md, Outbound), in the order the files carry them. */
export const FULFILLMENT_METRICS_COLUMNS = [
  'period',
  'erp_customer_id',
  'family',
  'site_code',
  'basis',
  'lines_due',
  'lines_on_time',
  'lines_in_full',
  'lines_otif',
  'otif_pct',
  'avg_days_late',
  'quoted_lead_days_avg',
  'actual_lead_days_avg',
  'quotes_decided',
  'quotes_won',
  'hit_rate_count_pct',
  'hit_rate_value_pct',
  'ordered_value',
] as const;

/**
 * One row of fulfillment metrics for sales planning, keyed by period (YYYY-MM), erp_customer_id,
 * family, site_code and basis. Figures are decimal text (`93.3`), null where the contract has none.
 */
export interface FulfillmentMetricsRow {
  period: string;
  erp_customer_id: string | null;
  family: string | null;
  site_code: string | null;
  basis: string;
  lines_due: number;
  lines_on_time: number;
  lines_in_full: number;
  lines_otif: number;
  otif_pct: string | null;
  avg_days_late: string | null;
  quoted_lead_days_avg: string | null;
  actual_lead_days_avg: string | null;
  quotes_decided: number;
  quotes_won: number;
  hit_rate_count_pct: string | null;
  hit_rate_value_pct: string | null;
  /** Exact decimal text of the net ordered value. */
  ordered_value: string;
}

/**
 * The connector's outbound port: per outbound dataset, the targets it delivers to (none: the
 * connector does not deliver that dataset): orders_out as `orders`, rma_out as `rmas`,
 * fulfillment_metrics as `metrics`, each with its row type here.
 */
export interface ErpOutbound {
  orders: ReadonlyArray<OutboundTarget<OrdersOutRow>>;
  rmas: ReadonlyArray<OutboundTarget<RmaOutRow>>;
  metrics: ReadonlyArray<OutboundTarget<FulfillmentMetricsRow>>;
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
