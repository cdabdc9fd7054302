import type { CommercialDocument, DocumentLine } from '../../src/shared/documents/document-model';

const PARTS = [
  ['FL-DN50-PN16', 'Weld neck flange DN50 PN16, 1.4571'],
  ['VLV-BALL-2IN', 'Ball valve 2", full bore, stainless steel body, PTFE seats, lockable lever'],
  ['GSK-SPW-DN80', 'Spiral wound gasket DN80 PN40 with inner and outer ring'],
  [
    'PMP-CENT-15',
    'Centrifugal pump 15 kW, cast iron casing, mechanical seal, IE3 motor, baseplate and coupling guard included, tested to ISO 9906 grade 2B',
  ],
  ['BLT-M16X80', 'Hex bolt M16x80, 8.8, hot-dip galvanized'],
] as const;
const NOTES = ['from stock', 'planned production', 'lead time 20 days', 'after receipt of drawings approval'];

/** A line of hand-made but plausible values; `n` picks the part so documents vary predictably. */
export function sampleLine(n: number): DocumentLine {
  const [sku, description] = PARTS[n % PARTS.length]!;
  const quantity = 5 + (n % 7) * 12;
  return {
    lineNo: n * 10,
    sku: n % 11 === 6 ? null : `${sku}-${String(n).padStart(3, '0')}`,
    description:
      n % 11 === 6 ? 'Custom flange to drawing 4711-B, rev. C, machined from forged blank' : description,
    quantity: `${quantity} pcs`,
    unitPrice: '1,234.50',
    discount: n % 3 === 0 ? '5 %' : '',
    netPrice: n % 3 === 0 ? '1,172.78' : '1,234.50',
    lineTotal: (quantity * (n % 3 === 0 ? 1172.78 : 1234.5)).toLocaleString('en-US', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }),
    date: n % 9 === 4 ? null : `2026-0${3 + (n % 6)}-1${n % 10}`,
    dateNote: n % 9 === 4 ? '' : NOTES[n % NOTES.length]!,
  };
}

export function sampleDocument(
  lineCount: number,
  extra: Partial<CommercialDocument> = {},
): CommercialDocument {
  return {
    kind: 'quotation',
    number: 'Q-000012',
    revision: 2,
    issueDate: '2026-02-02',
    validUntil: '2026-03-04',
    reference: 'RFQ 2026/117',
    company: {
      name: 'Hartmann Präzisionsteile GmbH',
      lines: ['Industriestraße 12', '70565 Stuttgart, Germany', 'VAT DE123456789 · +49 711 555 010'],
    },
    customer: {
      name: 'Müller & Söhne Maschinenbau KG',
      lines: ['attn. Jiří Dvořák, Purchasing', 'Hafenweg 3', '20457 Hamburg, Germany'],
    },
    contact: { name: 'Anna Kowalczyk', email: 'anna.kowalczyk@hartmann.example' },
    currency: 'EUR',
    terms: {
      paymentTerms: '30 days net, 2 % discount within 10 days',
      delivery: 'FCA Stuttgart (Incoterms 2020)',
      shipment: 'Partial deliveries allowed',
      note: 'Prices are based on current raw material surcharges for stainless steel (1.4571) and may be adjusted on the day of the order.',
    },
    lines: Array.from({ length: lineCount }, (_, i) => sampleLine(i + 1)),
    total: '148,230.00',
    ...extra,
  };
}
