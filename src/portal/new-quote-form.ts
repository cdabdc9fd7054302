import type { Request } from 'express';
import { NewQuote, newQuoteSchema, QuoteLineInput } from '../quotes';
import type { ErrorDetail } from '../shared/errors';
import { compileValidator } from '../shared/http/validation';
import { decimal, fail, Fields, fieldsOf, text } from './form-fields';

/** How many lines the new-quote form offers. */
export const QUOTE_FORM_LINES = 8;
const LINE_FIELDS = [
  'sku',
  'description',
  'quantity',
  'requestedDate',
  'unitPrice',
  'discountPct',
  'leadTimeDays',
];

const checkQuote = compileValidator<NewQuote>(newQuoteSchema, 'The quote is not valid');

/** A whole number of days as typed, or undefined; what is not one is reported. */
function days(f: Fields, key: string, path: string, problems: ErrorDetail[]): number | undefined {
  const t = text(f, key);
  if (t === undefined) return undefined;
  if (/^[0-9]{1,3}$/.test(t)) return Number(t);
  problems.push({ path, message: `"${t.slice(0, 30)}" is not a number of days` });
  return undefined;
}

/**
 * The new-quote form as POST /api/quotes's body: a row names a sku (priced from the agreement or
 * list unless a price is typed) or describes a non-catalog item with its price and lead time.
 * Blank rows are left out.
 */
export function newQuoteForm(req: Request): NewQuote {
  const f = fieldsOf(req);
  const problems: ErrorDetail[] = [];
  const lines: QuoteLineInput[] = [];
  for (let i = 0; i < QUOTE_FORM_LINES; i++) {
    if (LINE_FIELDS.every((k) => text(f, `lines.${i}.${k}`) === undefined)) continue;
    const path = `/lines/${lines.length}`;
    const [sku, description] = [text(f, `lines.${i}.sku`), text(f, `lines.${i}.description`)];
    const unitPrice = decimal(f, `lines.${i}.unitPrice`, `${path}/unitPrice`, problems);
    const discountPct = decimal(f, `lines.${i}.discountPct`, `${path}/discountPct`, problems);
    const leadTimeDays = days(f, `lines.${i}.leadTimeDays`, `${path}/leadTimeDays`, problems);
    lines.push({
      ...(sku !== undefined && { sku }),
      ...(sku === undefined && description !== undefined && { description }),
      quantity: decimal(f, `lines.${i}.quantity`, `${path}/quantity`, problems) ?? 0,
      requestedDate: text(f, `lines.${i}.requestedDate`) ?? '',
      ...(unitPrice !== undefined && { unitPrice }),
      ...(discountPct !== undefined && { discountPct }),
      ...(sku === undefined && leadTimeDays !== undefined && { leadTimeDays }),
    });
  }
  if (!lines.length && !problems.length)
    problems.push({ path: '/lines', message: 'fill in at least one line' });
  fail(problems, 'The quote is not valid');
  const validUntil = text(f, 'validUntil');
  return checkQuote({
    accountId: text(f, 'accountId') ?? '',
    ...(validUntil !== undefined && { validUntil }),
    lines,
  });
}

/** The form as it was typed, to show it again after a refusal. */
export function typedQuote(req: Request) {
  const f = fieldsOf(req);
  return {
    accountId: text(f, 'accountId'),
    validUntil: text(f, 'validUntil'),
    lines: Array.from({ length: QUOTE_FORM_LINES }, (_v, i) =>
      Object.fromEntries(LINE_FIELDS.map((k) => [k, text(f, `lines.${i}.${k}`)])),
    ),
  };
}
