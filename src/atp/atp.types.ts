/**
 * The ATP engine's vocabulary. Pure data: no HTTP, no SQL. Quantities are safe integers in the
 * item's smallest counted unit (the loader scales ERP decimals to thousandths), so sums are exact.
 * Dates are YYYY-MM-DD strings.
 */
export interface DatedQty {
  date: string;
  qty: number;
}

/** Everything known about one sku at one site, as of `today`. */
export interface SupplyPicture {
  today: string;
  /** On hand that may be promised (on_hand − blocked), available today. */
  onHand: number;
  /** Open receipts (production, purchase, transfer) by due date; past-due ones count as of today. */
  receipts: DatedQty[];
  /** Demand: confirmed FactoryDesk order lines and ERP demand, by date; past-due counts as of today. */
  demand: DatedQty[];
}

export interface Bucket {
  date: string;
  receipts: number;
  demand: number;
  /** Cumulative ATP on that date: min over t ≥ date of (S(t) − D(t)). May be negative (over-promised). */
  atp: number;
}

export type DateSource = 'stock' | 'supply' | 'lead_time' | 'capacity' | 'none';

/** How an item can be covered beyond its scheduled supply. */
export interface Replenishment {
  makeOrBuy: 'make' | 'buy';
  leadTimeDays: number;
  /**
   * Make items: the family's daily capacity at the site, net of what confirmed lines already take,
   * by date (dates absent = no capacity that day). Undefined: the plant publishes no capacity for
   * the family, and the lead time alone gives the date.
   */
  capacity?: DatedQty[];
  /** Last date a promise may fall on (the planning horizon). */
  horizon: string;
}

export interface PromiseRequest {
  qty: number;
  requestedDate: string;
  allowPartial: boolean;
}

export interface PromiseResult {
  /** Confirmations in date order; their quantities sum to the requested qty unless source is 'none'. */
  confirmations: DatedQty[];
  /** Date by which the whole quantity is confirmed; null when nothing within the horizon covers it. */
  confirmedDate: string | null;
  source: DateSource;
  /** Capacity the promise takes, by date (make items promised from capacity); the caller books it. */
  capacityUsed: DatedQty[];
  /** New supply (lead time or capacity) the line counts on, arriving by confirmedDate; 0 otherwise. */
  newSupply: number;
}

/**
 * What promising reads of a picture: its ATP on a date and the first date that covers a quantity.
 * Served by the picture's buckets (`promise`) or by an incremental curve (`AtpCurve`).
 */
export interface AtpView {
  today: string;
  onHand: number;
  /** All demand of the picture, past-due included. */
  totalDemand: number;
  atpOn(date: string): number;
  firstDateCovering(qty: number, notBefore: string): string | null;
}
