/**
 * What a commercial document (quotation, order confirmation) shows, already formatted: the
 * renderers lay text out and never compute money or dates, so a PDF and an e-mail of one quote
 * cannot disagree with the API.
 */
export interface DocumentParty {
  name: string;
  /** Address or contact lines, printed one per line. */
  lines: string[];
}

export interface DocumentLine {
  lineNo: number;
  /** null for a non-catalog line (a custom flange). */
  sku: string | null;
  description: string;
  /** Formatted quantity with its unit, e.g. "12 pcs". */
  quantity: string;
  /** Formatted money in the document's currency, e.g. "1,234.50". */
  unitPrice: string;
  /** e.g. "5 %", or "" when there is none. */
  discount: string;
  netPrice: string;
  lineTotal: string;
  /** The quoted or confirmed date (YYYY-MM-DD), or null when none could be given. */
  date: string | null;
  /** Where the date comes from, in words: "from stock", "planned production", "lead time 20 days", … */
  dateNote: string;
}

export interface DocumentTerms {
  paymentTerms: string | null;
  /** e.g. "FCA Rotterdam (Incoterms 2020)". */
  delivery: string | null;
  /** "Ship complete" or "Partial deliveries allowed". */
  shipment: string;
  note: string | null;
}

export interface CommercialDocument {
  kind: 'quotation' | 'order_confirmation';
  /** e.g. "Q-000012" or "SO-000042". */
  number: string;
  /** Quotation revision; absent on order confirmations. */
  revision?: number;
  issueDate: string;
  /** Quotations only. */
  validUntil?: string;
  /** The customer's own reference (purchase order or RFQ number). */
  reference?: string | null;
  company: DocumentParty;
  customer: DocumentParty;
  /** The account manager the customer talks to. */
  contact?: { name: string; email: string } | null;
  currency: string;
  terms: DocumentTerms;
  lines: DocumentLine[];
  /** Formatted total in the document's currency. */
  total: string;
}
