import { renderCommercialPdf } from '../../src/shared/documents/commercial-pdf';
import type { CommercialDocument } from '../../src/shared/documents/document-model';
import { describeWithPdfText, pdfPages } from './pdf-text';
import { sampleDocument, sampleLine } from './sample-document';

/** 120 lines, each with a description long enough to wrap and a last word found only on it. */
function longQuotation(): CommercialDocument {
  const doc = sampleDocument(120);
  doc.lines = doc.lines.map((line, i) => ({
    ...line,
    sku: `SKU-${i + 1}`,
    description: `${line.description}, machined and inspected to customer drawing, tail-${i + 1}`,
  }));
  return doc;
}

const pageOf = (pages: string[], text: string): number[] =>
  pages.flatMap((p, i) => (p.includes(text) ? [i] : []));
const wordPresent = (page: string, word: string): boolean => new RegExp(`(^|\\s)${word}(\\s|$)`).test(page);

describeWithPdfText('renderCommercialPdf', () => {
  let doc: CommercialDocument;
  let pages: string[];
  beforeAll(async () => {
    doc = longQuotation();
    pages = pdfPages(await renderCommercialPdf(doc));
  });

  test('a 120-line quotation runs over several pages and shows every sku and the total', () => {
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const all = pages.join('\n');
    for (const line of doc.lines) expect(all).toContain(line.sku!);
    expect(all).toContain(doc.total);
  });

  test('every page says "Page X of N"', () => {
    const n = pages.length;
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${n}`));
    expect(pages[0]).toContain(`Page 1 of ${n}`);
    expect(pages[n - 1]).toContain(`Page ${n} of ${n}`);
  });

  test('the table header is repeated on every page', () => {
    for (const page of pages) {
      expect(page).toContain('Item / description');
      expect(page).toContain('Unit price');
      expect(page).toContain('Quoted date');
    }
  });

  test('no line is split across pages: its sku and the end of its wrapped description share one page', () => {
    doc.lines.forEach((line, i) => {
      const skuPages = pages.flatMap((p, at) => (wordPresent(p, line.sku!) ? [at] : []));
      expect(skuPages).toHaveLength(1);
      expect(wordPresent(pages[skuPages[0]!]!, `tail-${i + 1}`)).toBe(true);
    });
  });

  test('the total is on the page of the last line, followed by the terms and the validity', () => {
    const last = pages.length - 1;
    expect(wordPresent(pages[last]!, doc.lines.at(-1)!.sku!)).toBe(true);
    expect(pages[last]).toContain('Total EUR');
    expect(pages[last]).toContain(doc.total);
    expect(pages[last]).toContain('30 days net, 2 % discount within 10 days');
    expect(pages[last]).toContain('FCA Stuttgart (Incoterms 2020)');
    expect(pages[last]).toContain('This quotation is valid until 2026-03-04.');
  });

  test('the first page carries the letterhead, the customer and the facts of the quotation', () => {
    for (const text of [
      'Hartmann Präzisionsteile GmbH',
      'Industriestraße 12',
      'Quotation no.',
      'Q-000012',
      'Revision',
      'Valid until',
      'RFQ 2026/117',
      'anna.kowalczyk@hartmann.example',
    ]) {
      expect(pages[0]).toContain(text);
    }
    expect(pageOf(pages, 'Industriestraße 12')).toEqual([0]);
  });

  test('user text prints literally: no template is run on it and nothing is HTML-escaped', async () => {
    const tricky = sampleDocument(2, {
      customer: {
        name: 'Müller & Söhne <b>x</b> {{constructor}}',
        lines: ['attn. Antonín Dvořák', 'Łódź, {{#each lines}}x{{/each}}'],
      },
      reference: 'PO <4711> & "urgent"',
    });
    tricky.lines[0] = { ...sampleLine(1), description: '{{lookup . "x"}} & <i>seal</i>' };
    // Wrapped lines and table columns come out as runs of white space.
    const text = pdfPages(await renderCommercialPdf(tricky))
      .join(' ')
      .replace(/\s+/g, ' ');
    const typed = [
      'Müller & Söhne <b>x</b> {{constructor}}',
      'attn. Antonín Dvořák',
      'Łódź, {{#each lines}}x{{/each}}',
      'PO <4711> & "urgent"',
      '{{lookup . "x"}} & <i>seal</i>',
    ];
    for (const s of typed) expect(text).toContain(s);
    expect(text).not.toMatch(/&amp;|&lt;|&quot;/);
  });

  test("an order confirmation carries its kind's title, number label, date column and closing", async () => {
    const confirmation = sampleDocument(3, {
      kind: 'order_confirmation',
      number: 'SO-000042',
      revision: undefined,
      validUntil: undefined,
      reference: 'PO 77-1',
    });
    const [page, ...more] = pdfPages(await renderCommercialPdf(confirmation));
    expect(more).toHaveLength(0);
    for (const s of [
      'Order confirmation',
      'Order no.',
      'SO-000042',
      'Confirmed',
      'Thank you for your order PO 77-1.',
      'Page 1 of 1',
    ])
      expect(page).toContain(s);
    expect(page).not.toMatch(/Quotation|Valid until/);
  });

  test('a line without a date says so, and a description longer than a page is cut rather than split', async () => {
    const odd = sampleDocument(1);
    odd.lines[0] = { ...sampleLine(1), date: null, dateNote: '', description: 'very long text '.repeat(800) };
    const pages = pdfPages(await renderCommercialPdf(odd));
    expect(pages.join('\n')).toContain('on request');
    expect(pages.join('\n')).toContain('…');
    expect(pageOf(pages, odd.lines[0]!.sku!)).toHaveLength(1);
  });
});
