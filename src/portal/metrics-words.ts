import type { Basis, LostReason, MoveReason } from '../metrics';

/** The metrics' codes in the words of the metrics pages. */
export const BASIS_WORDS: Record<Basis, string> = {
  requested: 'Requested',
  first_confirmed: 'First confirmed',
  last_confirmed: 'Last confirmed',
};

export const MOVE_WORDS: Record<MoveReason, string> = {
  supplier: 'Supplier (purchase order or transfer)',
  capacity: 'Capacity (production, or not shipped on the date)',
  stock: 'Stock reduced',
  erp_demand: 'ERP demand or supply changed',
  customer: "Customer's choice",
  other: 'Other (ships complete with another line)',
};

export const LOST_WORDS: Record<LostReason, string> = {
  price: 'Price',
  lead_time: 'Lead time',
  competitor: 'Went to a competitor',
  expired: 'Expired without an answer',
  other: 'Other reason',
};
