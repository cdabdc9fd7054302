import { xlsxLimitsOf } from '../config';
import type { Deps } from '../deps';
import {
  readQuoteLinesXlsx,
  QuoteListRow,
  UploadRowError,
  writeQuoteLinesXlsx,
} from '../shared/documents/quote-xlsx';
import { AppError, ErrorDetail } from '../shared/errors';
import { accountScopeOf, Actor } from '../shared/http/actor';
import { findAccountOr404 } from './create-quote';
import { priceLines, PricedLines, summarize } from './price-lines';
import type { QuoteLineInput } from './quotes.schemas';
import * as repo from './quotes.repository';
import { asInput, findRevisable, writeNextRevision } from './revise-quote';

const PAGE = 1000;

/** The current revisions' lines of the quotes the actor may see, streamed page by page (memory stays flat). */
async function* exportRows(
  deps: Deps,
  actor: Actor,
  filter: { accountId?: string; status?: string },
): AsyncIterable<QuoteListRow> {
  let after: [string, number] | null = null;
  for (;;) {
    const rows = await repo.pageExportLines(deps.db, accountScopeOf(actor), filter, after, PAGE);
    for (const r of rows) {
      yield {
        quoteNumber: r.number,
        revision: Number(r.revision),
        status: r.status,
        accountName: r.account_name,
        erpCustomerId: r.erp_customer_id,
        validUntil: r.valid_until,
        currency: r.currency,
        lineNo: Number(r.line_no),
        sku: r.sku,
        description: r.description ?? '',
        quantity: Number(r.quantity),
        unitPrice: Number(r.unit_price),
        discountPct: Number(r.discount_pct),
        netPrice: Number(r.net_price),
        lineTotal: Number(r.line_total),
        quotedDate: r.quoted_date,
      };
    }
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [last.number, Number(last.line_no)];
  }
}

export function exportQuoteLines(
  deps: Deps,
  actor: Actor,
  filter: { accountId?: string; status?: string },
  output: NodeJS.WritableStream,
): Promise<number> {
  return writeQuoteLinesXlsx(output, exportRows(deps, actor, filter));
}

const lineIndexOf = (d: ErrorDetail): number | undefined => {
  const m = /^\/lines\/(\d+)/.exec(d.path);
  return m ? Number(m[1]) : undefined;
};

/**
 * Adds the lines of an uploaded spreadsheet (sku, quantity, requested date) to a quote as a new
 * revision. Rows that cannot be read or quoted are reported by their row number and left out;
 * the rest are imported. Nothing changes when no row can be imported.
 */
export async function importQuoteLines(
  deps: Deps,
  actor: Actor,
  quoteId: string,
  file: Buffer,
  reason?: string,
) {
  const { db } = deps;
  const { quote, current } = await findRevisable(db, quoteId);
  const existing = await repo.findLines(db, current.id);
  const upload = await readQuoteLinesXlsx(file, xlsxLimitsOf(deps.config));
  const errors: UploadRowError[] = [...upload.errors];
  let rows = upload.lines;
  const account = await findAccountOr404(db, quote.account_id);
  const keep: QuoteLineInput[] = existing.map(asInput);
  const ctx = {
    erpCustomerId: account.erp_customer_id,
    currency: quote.currency,
    shipComplete: Boolean(current.ship_complete),
    allowMissingPrice: true,
    incoterm: current.incoterm,
    country: account.country,
  };
  let priced: PricedLines | undefined;
  while (rows.length && !priced) {
    try {
      priced = await priceLines(
        db,
        [...keep, ...rows.map((r) => ({ sku: r.sku, quantity: r.quantity, requestedDate: r.requestedDate }))],
        ctx,
      );
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'business_rule') throw err;
      const bad = new Set(
        err.details
          .map(lineIndexOf)
          .filter((i): i is number => i !== undefined && i >= keep.length)
          .map((i) => i - keep.length),
      );
      if (!bad.size) throw err;
      for (const d of err.details) {
        const i = lineIndexOf(d);
        if (i !== undefined && i >= keep.length)
          errors.push({ row: rows[i - keep.length]!.row, message: d.message });
      }
      rows = rows.filter((_, i) => !bad.has(i));
    }
  }
  errors.sort((a, b) => a.row - b.row);
  if (!priced)
    throw new AppError(
      'business_rule',
      'No row of the spreadsheet could be imported',
      errors.map((e) => ({ path: `/rows/${e.row}`, message: e.message })),
    );
  // Lines kept from the revision carry their prices as given, so re-pricing marks them manual: restore what they were.
  existing.forEach((l, i) => {
    Object.assign(priced!.lines[i]!, {
      reference_price: l.reference_price,
      price_source: l.price_source,
      quoted_date: l.quoted_date,
      date_source: l.date_source,
      transit_days: l.transit_days ?? null,
      promised_by: l.promised_by ?? 'ship',
      date_note: l.date_note ?? null,
    });
  });
  priced = summarize(priced.lines);
  const terms = {
    payment_terms: current.payment_terms,
    incoterm: current.incoterm,
    incoterm_place: current.incoterm_place,
    ship_complete: current.ship_complete,
    terms_note: current.terms_note,
  };
  const view = await writeNextRevision(deps, actor, quote, {
    reason: reason ?? `${rows.length} lines imported from a spreadsheet`,
    validUntil: current.valid_until,
    terms,
    priced,
  });
  return { quote: view, imported: rows.length, errors };
}
