/**
 * npm run bench:documents — the documents of the quote-to-order flow.
 *
 * (a) A 50-line quotation through renderCommercialPdf: documents/s and p95 ms, against a bare
 *     pdfkit document with the same text in the same run (same embedded font, one text line per
 *     field or table line, no layout). The two alternate call by call, so load from elsewhere on
 *     the machine falls on both alike. Target: ≥ 60 % of the bare rate.
 * (b) 200,000 quote lines through writeQuoteLinesXlsx into a file, in a child process so its
 *     peak RSS (the process's maxRSS, node and tsx included) is its own. Targets: ≥ 20,000 rows/s,
 *     peak RSS ≤ 256 MB.
 *
 * Prints one line per part; the last line is JSON. Options: --docs N (60 of each), --rows N (200,000).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { renderCommercialPdf } from '../src/shared/documents/commercial-pdf';
import type { CommercialDocument } from '../src/shared/documents/document-model';
import { renderDocumentText } from '../src/shared/documents/document-text';
import {
  DOCUMENT_FONTS,
  NO_DEFAULT_FONT,
  pdfBuffer,
  useDocumentFonts,
} from '../src/shared/documents/pdf-support';
import { QuoteListRow, writeQuoteLinesXlsx } from '../src/shared/documents/quote-xlsx';
import { sampleDocument } from '../tests/documents/sample-document';
import { percentile } from './atp-timing';
import { round, scratch } from './bench-support';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const DOCS = arg('docs', 60);
const ROWS = arg('rows', 200_000);
const PDF_LINES = 50;
const TARGETS = { pdfRatio: 0.6, rowsPerSec: 20_000, peakRssMb: 256 };

/** The baseline: every string the quotation shows, one pdfkit text line each, flowing over pages. */
function barePdf(doc: CommercialDocument): Promise<Buffer> {
  const pdf = new PDFDocument({ ...NO_DEFAULT_FONT, size: 'A4' });
  useDocumentFonts(pdf);
  pdf.font(DOCUMENT_FONTS.bold).fontSize(15).text(doc.company.name);
  pdf.font(DOCUMENT_FONTS.regular).fontSize(8.5);
  const { terms } = doc;
  const head = [
    ...doc.company.lines,
    doc.number,
    doc.issueDate,
    doc.validUntil,
    doc.reference,
    doc.customer.name,
    ...doc.customer.lines,
    doc.contact?.name,
    doc.contact?.email,
  ];
  for (const s of [...Object.values(renderDocumentText(doc)), ...head]) pdf.text(s ?? '');
  for (const l of doc.lines)
    pdf.text(
      [
        l.lineNo,
        l.sku,
        l.description,
        l.quantity,
        l.unitPrice,
        l.discount,
        l.netPrice,
        l.lineTotal,
        l.date,
        l.dateNote,
      ].join(' '),
    );
  for (const s of [terms.paymentTerms, terms.delivery, terms.shipment, terms.note, doc.total])
    pdf.text(s ?? '');
  return pdfBuffer(pdf);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function pdfPart() {
  const doc = sampleDocument(PDF_LINES);
  const pages = (await renderCommercialPdf(doc)).toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
  for (let i = 0; i < 10; i += 1) await renderCommercialPdf(doc), await barePdf(doc);
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < DOCS; i += 1) {
    ours.push(await timed(() => renderCommercialPdf(doc)));
    bare.push(await timed(() => barePdf(doc)));
  }
  const stats = (ms: number[]) => ({
    docsPerSec: round((ms.length * 1000) / ms.reduce((a, b) => a + b, 0), 1),
    p95Ms: round(
      percentile(
        [...ms].sort((a, b) => a - b),
        95,
      ),
      1,
    ),
  });
  const o = stats(ours);
  const b = stats(bare);
  return {
    lines: PDF_LINES,
    pages,
    docs: DOCS,
    docsPerSec: o.docsPerSec,
    p95Ms: o.p95Ms,
    bareDocsPerSec: b.docsPerSec,
    bareP95Ms: b.p95Ms,
    ratioToBare: round(o.docsPerSec / b.docsPerSec),
    targetRatio: TARGETS.pdfRatio,
  };
}

// ---------------------------------------------------------------------------------------------

const STATUSES = ['draft', 'sent', 'accepted', 'expired'];
const ACCOUNTS = [
  'Müller & Söhne Maschinenbau KG',
  'Dvořák Strojírny s.r.o.',
  'Nordic Pumps AB',
  'Acme Industrial Ltd',
];
const PARTS = [
  'Weld neck flange DN50 PN16, 1.4571',
  'Ball valve 2", full bore, stainless steel body',
  'Spiral wound gasket DN80 PN40',
  'Hex bolt M16x80, 8.8, hot-dip galvanized',
];

/** Varied, deterministic quote lines: 20 lines a quote. */
async function* quoteLines(n: number): AsyncGenerator<QuoteListRow> {
  for (let i = 0; i < n; i += 1) {
    const quote = Math.floor(i / 20);
    const quantity = 1 + (i % 97) * 2.5;
    const unitPrice = 10 + (i % 13) * 17.35;
    const discountPct = i % 4 === 0 ? 5 : 0;
    const netPrice = Math.round(unitPrice * (100 - discountPct)) / 100;
    yield {
      quoteNumber: `Q-${String(quote + 1).padStart(6, '0')}`,
      revision: 1 + (quote % 3),
      status: STATUSES[quote % STATUSES.length]!,
      accountName: ACCOUNTS[quote % ACCOUNTS.length]!,
      erpCustomerId: quote % 5 === 0 ? null : `C-${1000 + (quote % 400)}`,
      validUntil: `2026-0${1 + (quote % 9)}-15`,
      currency: 'EUR',
      lineNo: ((i % 20) + 1) * 10,
      sku: `SKU-${String(i % 5000).padStart(5, '0')}`,
      description: PARTS[i % PARTS.length]!,
      quantity,
      unitPrice,
      discountPct,
      netPrice,
      lineTotal: Math.round(netPrice * quantity * 100) / 100,
      quotedDate: i % 7 === 0 ? null : `2026-0${1 + (i % 9)}-2${i % 9}`,
    };
  }
}

async function xlsxChild(file: string): Promise<void> {
  const startRssMb = Math.round(process.memoryUsage().rss / 1048576);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const written = await writeQuoteLinesXlsx(fs.createWriteStream(file), quoteLines(ROWS));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  // CPU seconds (all threads, compression included) tell a loaded machine from a slow export.
  console.log(
    JSON.stringify({
      written,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      startRssMb,
      peakRssMb,
      fileMb: round(fs.statSync(file).size / 1048576, 1),
    }),
  );
}

function runXlsxChild(file: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', __filename, '--phase', 'xlsx', '--file', file, '--rows', String(ROWS)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`xlsx child exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--phase')) return xlsxChild(process.argv[process.argv.indexOf('--file') + 1]!);

  const pdf = await pdfPart();
  console.log(
    `pdf   ${pdf.lines}-line quotation (${pdf.pages} pages): ${pdf.docsPerSec} docs/s, p95 ${pdf.p95Ms} ms | bare pdfkit, same text and font: ${pdf.bareDocsPerSec} docs/s, p95 ${pdf.bareP95Ms} ms | ${Math.round(pdf.ratioToBare * 100)} % of bare (target ≥ ${TARGETS.pdfRatio * 100} %)`,
  );

  const dir = scratch('documents');
  const x = await runXlsxChild(path.join(dir, 'quote-lines.xlsx'));
  fs.rmSync(dir, { recursive: true, force: true });
  const xlsx = {
    rows: x.written!,
    rowsPerSec: Math.round(x.written! / x.seconds!),
    seconds: round(x.seconds!),
    cpuSeconds: round(x.cpuSeconds!),
    peakRssMb: x.peakRssMb!,
    startRssMb: x.startRssMb!,
    fileMb: x.fileMb!,
    targetRowsPerSec: TARGETS.rowsPerSec,
    targetPeakRssMb: TARGETS.peakRssMb,
  };
  console.log(
    `xlsx  ${xlsx.rows.toLocaleString('en-US')} quote lines: ${xlsx.rowsPerSec.toLocaleString('en-US')} rows/s (${xlsx.seconds}s, ${xlsx.cpuSeconds} CPU-s, ${xlsx.fileMb} MB file; target ≥ ${TARGETS.rowsPerSec.toLocaleString('en-US')}) | peak RSS ${xlsx.peakRssMb} MB (${xlsx.startRssMb} MB before the export; target ≤ ${TARGETS.peakRssMb})`,
  );
  console.log(JSON.stringify({ pdf, xlsx }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
