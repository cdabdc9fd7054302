import PDFDocument from 'pdfkit';
import type { CommercialDocument, DocumentLine } from './document-model';
import { DocumentText, renderDocumentText, renderFooterText } from './document-text';
import { DOCUMENT_FONTS, NO_DEFAULT_FONT, pdfBuffer, useDocumentFonts } from './pdf-support';

/**
 * A quotation or order confirmation as an A4 PDF. Every value is printed as the document model
 * formatted it; the words around them come from templates/documents/<kind>.hbs.
 *
 * Layout rules a customer relies on: a line is never split across pages, the column header is
 * repeated on every page that continues the table, the total stays on the page of the last line
 * (the terms follow it when they fit), and every page says "Page X of Y".
 */
export async function renderCommercialPdf(doc: CommercialDocument): Promise<Buffer> {
  const text = renderDocumentText(doc);
  const pdf = new PDFDocument({
    ...NO_DEFAULT_FONT,
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: { Title: `${text.title} ${doc.number}`, Author: doc.company.name, Subject: doc.customer.name },
  });
  useDocumentFonts(pdf);
  new Layout(pdf, doc, text).render();
  return pdfBuffer(pdf);
}

const PAGE_HEIGHT = 841.89; // A4 in points
const MARGIN = { top: 48, bottom: 62, left: 48, right: 48 };
const CONTENT_WIDTH = 595.28 - MARGIN.left - MARGIN.right;
const CONTENT_BOTTOM = PAGE_HEIGHT - MARGIN.bottom;
const FOOTER_Y = PAGE_HEIGHT - 44;
const PAD = { x: 4, y: 4 };

const COLOR = { text: '#1f2933', muted: '#616e7c', rule: '#d9dee3', band: '#eef1f5', accent: '#1f3a5f' };
const SIZE = { body: 8.5, table: 8, small: 7, label: 7.5, company: 15, title: 18 };

type Face = 'regular' | 'bold';
interface Style {
  face: Face;
  size: number;
  color: string;
  align?: 'left' | 'right';
  shrink?: boolean;
}
const MIN_SHRUNK_SIZE = 5.5;
const BODY: Style = { face: 'regular', size: SIZE.body, color: COLOR.text };
const LABEL: Style = { face: 'regular', size: SIZE.label, color: COLOR.muted };
const STRONG: Style = { face: 'bold', size: SIZE.body, color: COLOR.text };
const CELL: Style = { face: 'regular', size: SIZE.table, color: COLOR.text };
const NOTE: Style = { face: 'regular', size: SIZE.small, color: COLOR.muted };

type ColumnKey =
  | 'lineNo'
  | 'item'
  | 'quantity'
  | 'unitPrice'
  | 'discount'
  | 'netPrice'
  | 'lineTotal'
  | 'date';
interface Column {
  key: ColumnKey;
  x: number;
  width: number;
  align: 'left' | 'right';
}

const COLUMNS: Column[] = (() => {
  const spec: Array<[ColumnKey, number, 'left' | 'right']> = [
    ['lineNo', 28, 'left'],
    ['item', 150, 'left'],
    ['quantity', 52, 'right'],
    ['unitPrice', 54, 'right'],
    ['discount', 42, 'right'],
    ['netPrice', 54, 'right'],
    ['lineTotal', 60, 'right'],
    ['date', CONTENT_WIDTH - 440, 'left'],
  ];
  let x = MARGIN.left;
  return spec.map(([key, width, align]) => {
    const column = { key, x, width, align };
    x += width;
    return column;
  });
})();
const column = (key: ColumnKey): Column => COLUMNS.find((c) => c.key === key)!;
const cellWidth = (c: Column): number => c.width - 2 * PAD.x;

/** The single-line cells of a table row, by column. */
const PLAIN_CELLS: ReadonlyArray<[ColumnKey, (l: DocumentLine) => string]> = [
  ['lineNo', (l) => String(l.lineNo)],
  ['quantity', (l) => l.quantity],
  ['unitPrice', (l) => l.unitPrice],
  ['discount', (l) => l.discount],
  ['netPrice', (l) => l.netPrice],
  ['lineTotal', (l) => l.lineTotal],
];

class Layout {
  private y = MARGIN.top;
  private rowsOnPage = 0;
  private onFirstPage = true;
  private readonly wrappedHeights = new Map<string, number>();
  /** The tallest row a page can hold; a taller description is cut with an ellipsis rather than split. */
  private readonly maxRowHeight: number;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly doc: CommercialDocument,
    private readonly text: DocumentText,
  ) {
    this.maxRowHeight =
      CONTENT_BOTTOM - (MARGIN.top + this.continuationHeader(false)) - this.tableHeader(0, false);
  }

  render(): void {
    this.y = this.letterhead();
    this.y += this.tableHeader(this.y, true);
    const lines = this.doc.lines;
    const totalsHeight = this.totals(0, false);
    const termsHeight = this.terms(0, false);
    lines.forEach((line, i) => {
      let height = this.row(line, 0, false, this.maxRowHeight);
      const last = i === lines.length - 1;
      // The total goes with the last line; the terms too, unless the two could never share a page.
      const keep = !last
        ? 0
        : height + totalsHeight + termsHeight <= this.maxRowHeight
          ? totalsHeight + termsHeight
          : totalsHeight;
      const withTotal = last ? totalsHeight : 0;
      const overflows = (extra: number): boolean => this.y + height + extra > CONTENT_BOTTOM;
      // The first line goes on from the first page only when it would fit the next one (with
      // the total), so the letterhead is not left alone for nothing.
      const carry =
        this.rowsOnPage > 0
          ? overflows(keep)
          : this.onFirstPage && overflows(withTotal) && height + withTotal <= this.maxRowHeight;
      if (carry) this.newPage(true);
      // A line taller than the room left here (it would fit no page) is cut to it, leaving room for the total when it is last.
      const room = CONTENT_BOTTOM - this.y - withTotal;
      if (height > room) height = this.row(line, 0, false, room);
      this.row(line, this.y, true, room);
      this.y += height;
      this.rowsOnPage += 1;
    });
    if (this.y + totalsHeight > CONTENT_BOTTOM) this.newPage(false);
    this.y += this.totals(this.y, true);
    if (this.y + termsHeight > CONTENT_BOTTOM) this.newPage(false);
    this.y += this.terms(this.y, true);
    this.footers();
  }

  // --- text primitives ---------------------------------------------------------------------

  private use(style: Style): void {
    this.pdf
      .font(style.face === 'bold' ? DOCUMENT_FONTS.bold : DOCUMENT_FONTS.regular)
      .fontSize(style.size)
      .fillColor(style.color);
  }

  /**
   * Writes (when `draw`) and measures `s` in a box `width` wide, at most `maxHeight` tall (the
   * rest is cut with an ellipsis). Text that fits one line skips pdfkit's line wrapper, which is
   * most of a table's cells. A `shrink` style (amounts) gets smaller to stay on one line: a
   * number broken over two lines is easily misread.
   */
  private put(
    s: string,
    x: number,
    y: number,
    width: number,
    style: Style,
    draw: boolean,
    maxHeight = Infinity,
  ): number {
    if (s === '') return 0;
    this.use(style);
    const oneLine = this.pdf.currentLineHeight(true);
    let textWidth = s.includes('\n') ? Infinity : this.pdf.widthOfString(s);
    if (
      style.shrink &&
      textWidth > width &&
      textWidth < Infinity &&
      (style.size * width) / textWidth >= MIN_SHRUNK_SIZE
    ) {
      this.pdf.fontSize((style.size * width * 0.995) / textWidth);
      textWidth = this.pdf.widthOfString(s);
    }
    if (textWidth <= width) {
      if (draw)
        this.pdf.text(s, style.align === 'right' ? x + width - textWidth : x, y, { lineBreak: false });
      return oneLine;
    }
    // Rows are measured, then drawn: the second time, the wrapped height is known.
    const key = `${style.face} ${style.size} ${width} ${s}`;
    let wrapped = this.wrappedHeights.get(key);
    if (wrapped === undefined)
      this.wrappedHeights.set(key, (wrapped = this.pdf.heightOfString(s, { width })));
    const height = Math.min(wrapped, Math.max(maxHeight, oneLine));
    if (draw)
      this.pdf.text(s, x, y, { width, height: height + 0.5, ellipsis: true, align: style.align ?? 'left' });
    return height;
  }

  private rule(x: number, y: number, width: number, color: string, thickness = 0.5): void {
    this.pdf
      .save()
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(thickness)
      .strokeColor(color)
      .stroke()
      .restore();
  }

  private band(x: number, y: number, width: number, height: number): void {
    this.pdf.save().rect(x, y, width, height).fill(COLOR.band).restore();
  }

  // --- page furniture ----------------------------------------------------------------------

  /** First page: company and title, then the customer on the left and the document's facts on the right. */
  private letterhead(): number {
    const { doc, text } = this;
    const left = MARGIN.left;
    const rightX = left + 260;
    const rightWidth = CONTENT_WIDTH - 260;
    let y = MARGIN.top;
    y += this.put(
      doc.company.name,
      left,
      y,
      250,
      { face: 'bold', size: SIZE.company, color: COLOR.accent },
      true,
    );
    for (const line of doc.company.lines) y += this.put(line, left, y, 250, LABEL, true);
    const titleBottom =
      MARGIN.top +
      this.put(
        text.title,
        rightX,
        MARGIN.top,
        rightWidth,
        { face: 'bold', size: SIZE.title, color: COLOR.accent, align: 'right' },
        true,
      );
    y = Math.max(y, titleBottom) + 10;
    this.rule(left, y, CONTENT_WIDTH, COLOR.accent, 1);
    y += 14;

    let leftY = y + this.put(text.customer, left, y, 245, LABEL, true) + 2;
    leftY += this.put(doc.customer.name, left, leftY, 245, { ...STRONG, size: 10 }, true) + 1;
    for (const line of doc.customer.lines) leftY += this.put(line, left, leftY, 245, BODY, true);

    const facts: Array<[string, string | null | undefined]> = [
      [text.number, doc.number],
      [text.revision, doc.revision === undefined ? null : String(doc.revision)],
      [text.issueDate, doc.issueDate],
      [text.validUntil, doc.validUntil],
      [text.reference, doc.reference],
    ];
    let rightY = y;
    const labelWidth = 78;
    for (const [label, value] of facts) {
      if (value == null || value === '') continue;
      this.put(label, rightX, rightY + 0.8, labelWidth, LABEL, true);
      rightY += this.put(value, rightX + labelWidth, rightY, rightWidth - labelWidth, STRONG, true) + 2;
    }
    if (doc.contact) {
      rightY += 6;
      this.put(text.contact, rightX, rightY + 0.8, labelWidth, LABEL, true);
      rightY += this.put(doc.contact.name, rightX + labelWidth, rightY, rightWidth - labelWidth, BODY, true);
      rightY += this.put(
        doc.contact.email,
        rightX + labelWidth,
        rightY,
        rightWidth - labelWidth,
        { ...BODY, color: COLOR.accent },
        true,
      );
    }
    return Math.max(leftY, rightY) + 20;
  }

  /** Later pages: a slim header naming the document, so a loose page can be placed. */
  private continuationHeader(draw: boolean): number {
    const y = MARGIN.top;
    const half = CONTENT_WIDTH / 2;
    const height = Math.max(
      this.put(
        this.doc.company.name,
        MARGIN.left,
        y,
        half,
        { ...STRONG, size: 9, color: COLOR.accent },
        draw,
      ),
      this.put(this.text.continued, MARGIN.left + half, y + 1, half, { ...LABEL, align: 'right' }, draw),
    );
    if (draw) this.rule(MARGIN.left, y + height + 5, CONTENT_WIDTH, COLOR.accent, 0.75);
    return height + 16;
  }

  private newPage(withTableHeader: boolean): void {
    this.pdf.addPage();
    this.onFirstPage = false;
    this.y = MARGIN.top + this.continuationHeader(true);
    if (withTableHeader) this.y += this.tableHeader(this.y, true);
    this.rowsOnPage = 0;
  }

  private footers(): void {
    const { start, count } = this.pdf.bufferedPageRange();
    for (let i = 0; i < count; i += 1) {
      this.pdf.switchToPage(start + i);
      const footer = renderFooterText(this.doc, this.text.title, i + 1, count);
      const style = { ...LABEL, size: 7 };
      this.rule(MARGIN.left, FOOTER_Y - 6, CONTENT_WIDTH, COLOR.rule);
      this.put(
        footer.right,
        MARGIN.left + CONTENT_WIDTH - 120,
        FOOTER_Y,
        120,
        { ...style, align: 'right' },
        true,
        0,
      );
      this.put(footer.left, MARGIN.left, FOOTER_Y, CONTENT_WIDTH - 130, style, true, 0);
    }
  }

  // --- the table -----------------------------------------------------------------------------

  private tableHeader(y: number, draw: boolean): number {
    const style: Style = { face: 'bold', size: SIZE.label, color: COLOR.accent };
    const heights = COLUMNS.map((c) => this.put(this.text[c.key], 0, 0, cellWidth(c), style, false));
    const height = Math.max(...heights) + 2 * PAD.y + 2;
    if (!draw) return height;
    this.band(MARGIN.left, y, CONTENT_WIDTH, height);
    COLUMNS.forEach((c, i) =>
      this.put(
        this.text[c.key],
        c.x + PAD.x,
        y + (height - heights[i]!) / 2,
        cellWidth(c),
        { ...style, align: c.align },
        true,
      ),
    );
    this.rule(MARGIN.left, y + height, CONTENT_WIDTH, COLOR.accent, 0.75);
    return height;
  }

  /** Draws (when `draw`) one line of the table at `y`, at most `maxHeight` tall; returns its height either way. */
  private row(line: DocumentLine, y: number, draw: boolean, maxHeight: number): number {
    const top = y + PAD.y;
    const heights: number[] = [];
    for (const [key, value] of PLAIN_CELLS) {
      const c = column(key);
      heights.push(
        this.put(
          value(line),
          c.x + PAD.x,
          top,
          cellWidth(c),
          { ...CELL, align: c.align, shrink: true },
          draw,
        ),
      );
    }
    const item = column('item');
    const sku =
      line.sku === null
        ? 0
        : this.put(line.sku, item.x + PAD.x, top, cellWidth(item), { ...CELL, face: 'bold' }, draw);
    const description = this.put(
      line.description,
      item.x + PAD.x,
      top + sku,
      cellWidth(item),
      CELL,
      draw,
      maxHeight - 2 * PAD.y - sku,
    );
    heights.push(sku + description);
    const date = column('date');
    const dateHeight = this.put(
      line.date ?? this.text.noDate,
      date.x + PAD.x,
      top,
      cellWidth(date),
      line.date ? CELL : { ...CELL, color: COLOR.muted },
      draw,
    );
    heights.push(
      dateHeight +
        this.put(line.dateNote, date.x + PAD.x, top + dateHeight, cellWidth(date), NOTE, draw, maxHeight / 4),
    );
    const height = Math.max(...heights) + 2 * PAD.y;
    if (draw) this.rule(MARGIN.left, y + height, CONTENT_WIDTH, COLOR.rule);
    return height;
  }

  // --- after the table -----------------------------------------------------------------------

  private totals(y: number, draw: boolean): number {
    const from = column('unitPrice');
    const amount = column('lineTotal');
    const width = amount.x + amount.width - from.x;
    const top = y + 6;
    const style: Style = { face: 'bold', size: 10, color: COLOR.accent };
    if (draw) {
      this.band(from.x, top, width, 22);
      this.rule(from.x, top, width, COLOR.accent, 1);
    }
    this.put(this.text.total, from.x + PAD.x, top + 5.5, width / 2, style, draw);
    const valueWidth = width - PAD.x * 2;
    this.put(
      this.doc.total,
      from.x + PAD.x,
      top + 5.5,
      valueWidth,
      { ...style, align: 'right', shrink: true },
      draw,
    );
    return 6 + 22;
  }

  /** Payment, delivery and shipment terms, the note, and the closing sentence of the kind. */
  private terms(y: number, draw: boolean): number {
    const { terms } = this.doc;
    const labelWidth = 90;
    const valueWidth = CONTENT_WIDTH - labelWidth;
    let at = y + 18;
    const rows: Array<[string, string | null]> = [
      [this.text.paymentTerms, terms.paymentTerms],
      [this.text.delivery, terms.delivery],
      [this.text.shipment, terms.shipment],
      [this.text.note, terms.note],
    ];
    for (const [label, value] of rows) {
      if (value === null || value.trim() === '') continue;
      this.put(label, MARGIN.left, at + 0.8, labelWidth, LABEL, draw);
      at += this.put(value, MARGIN.left + labelWidth, at, valueWidth, BODY, draw, this.maxRowHeight / 2) + 3;
    }
    at += 8;
    at += this.put(this.text.closing, MARGIN.left, at, CONTENT_WIDTH, BODY, draw, this.maxRowHeight / 4);
    return at - y;
  }
}
