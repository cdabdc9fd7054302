/**
 * Where a line stands, from the ERP's data (contract: "Line milestones"), and the order status its
 * lines imply. Pure: quantities in thousandths, no I/O.
 */
export const MILESTONES = [
  'confirmed',
  'in_production',
  'partially_shipped',
  'shipped',
  'partially_delivered',
  'delivered',
] as const;
export type Milestone = (typeof MILESTONES)[number];

export interface LineProgress {
  qtyMilli: number;
  shippedMilli: number;
  deliveredMilli: number;
  /** The line has a promised date. */
  dated: boolean;
  /** The ERP supply covering the line is released to the shop floor or the supplier. */
  released: boolean;
  /** Closed without shipping in full (cancelled): it counts for nothing. */
  cancelled?: boolean;
}

/** The furthest milestone the line has reached; null for a line without a date and nothing shipped. */
export function milestoneOf(l: LineProgress): Milestone | null {
  if (l.deliveredMilli > 0) return l.deliveredMilli >= l.qtyMilli ? 'delivered' : 'partially_delivered';
  if (l.shippedMilli > 0) return l.shippedMilli >= l.qtyMilli ? 'shipped' : 'partially_shipped';
  if (l.released) return 'in_production';
  return l.dated ? 'confirmed' : null;
}

export type FollowedStatus = 'partially_shipped' | 'shipped' | 'delivered';

/**
 * The order status its lines' shipments and deliveries imply: delivered when every line is
 * delivered in full, shipped when every line has shipped in full, partially shipped when anything
 * has shipped; null when the ERP says nothing yet (a status set by hand stands).
 */
export function statusFromLines(lines: LineProgress[]): FollowedStatus | null {
  const live = lines.filter((l) => !l.cancelled);
  if (!live.length || live.every((l) => l.shippedMilli === 0 && l.deliveredMilli === 0)) return null;
  if (live.every((l) => l.deliveredMilli >= l.qtyMilli)) return 'delivered';
  if (live.every((l) => Math.max(l.shippedMilli, l.deliveredMilli) >= l.qtyMilli)) return 'shipped';
  return 'partially_shipped';
}

const RANK: Record<string, number> = {
  confirmed: 1,
  in_production: 1,
  partially_shipped: 2,
  shipped: 3,
  delivered: 4,
};

/** The status to move to, or null: only forward, and only from the statuses a shipment can follow. */
export function nextStatus(current: string, implied: FollowedStatus | null): FollowedStatus | null {
  if (!implied || RANK[current] === undefined) return null;
  return RANK[implied]! > RANK[current]! ? implied : null;
}
