import type { Request } from 'express';
import {
  assignSchema,
  newRequestSchema,
  NewRequest,
  counterOfferSchema,
  CounterOffer,
  NewRevision,
  QuoteLineInput,
  reasonSchema,
  revisionSchema,
  Terms,
  type getQuote,
} from '../quotes';
import { AppError, ErrorDetail } from '../shared/errors';
import { decimal, Fields, fail, fieldsOf, text } from './form-fields';
import { compileValidator } from '../shared/http/validation';

/*
 * HTML forms send flat text fields (`lines.0.quantity`); these turn them into the same inputs the
 * JSON API takes and check them against the same schemas, so a page can ask no more of a service
 * than an API client can.
 */

type QuoteView = Awaited<ReturnType<typeof getQuote>>;

/** How many lines the new-request form offers. */
export const REQUEST_FORM_LINES = 8;

const checkRevision = compileValidator<NewRevision>(revisionSchema, 'The revision is not valid');
const checkCounter = compileValidator<CounterOffer>(counterOfferSchema, 'The counter-offer is not valid');
const checkReason = compileValidator<{ reason: string }>(reasonSchema, 'A reason is needed');
const checkRequest = compileValidator<NewRequest>(newRequestSchema, 'The request is not valid');
const checkAssign = compileValidator<{ userId: string }>(assignSchema, 'Choose who gets the request');

export function assignForm(req: Request): string {
  const userId = text(fieldsOf(req), 'userId');
  return checkAssign({ ...(userId !== undefined && { userId }) }).userId;
}

export function reasonForm(req: Request): string {
  const reason = text(fieldsOf(req), 'reason');
  return checkReason({ ...(reason !== undefined && { reason }) }).reason;
}

export function noteForm(req: Request): string | undefined {
  return text(fieldsOf(req), 'note')?.slice(0, 1000);
}

/** The revision the page shows, as posted back with the form (a stale page is refused by the service). */
export function revisionField(req: Request): number {
  const n = Number(text(fieldsOf(req), 'revision'));
  if (!Number.isInteger(n) || n < 1)
    throw new AppError('validation_failed', 'The form is incomplete', [
      { path: '/revision', message: 'is missing' },
    ]);
  return n;
}

/**
 * A non-catalog line's lead time in days, as typed (the form offers it only for those lines; a
 * catalog line's dates come from ATP). Left blank, the line keeps the lead time it had.
 */
function leadTimeOf(f: Fields, i: number, l: QuoteView['lines'][number], problems: ErrorDetail[]) {
  const typed = l.sku === null ? text(f, `lines.${i}.leadTimeDays`) : undefined;
  if (typed === undefined) return l.leadTimeDays !== null ? { leadTimeDays: l.leadTimeDays } : {};
  if (!/^[0-9]{1,3}$/.test(typed)) {
    problems.push({
      path: `/lines/${i}/leadTimeDays`,
      message: `"${typed.slice(0, 30)}" is not a number of days`,
    });
    return {};
  }
  return { leadTimeDays: Number(typed) };
}

/**
 * The new-revision form: per current line quantity, requested date, unit price and discount, plus
 * a non-catalog line's lead time, the terms and the required reason. The item of a line (sku or
 * description, site) comes from the revision on the server, never from the form. A catalog line whose price was not
 * touched keeps its agreement or list price instead of becoming a manual one.
 */
export function revisionForm(req: Request, current: QuoteView): NewRevision {
  const f = fieldsOf(req);
  const problems: ErrorDetail[] = [];
  const lines: QuoteLineInput[] = current.lines.map((l, i) => {
    const path = `/lines/${i}`;
    const unitPrice = decimal(f, `lines.${i}.unitPrice`, `${path}/unitPrice`, problems);
    const keepsSource =
      l.sku !== null &&
      (l.priceSource === 'agreement' || l.priceSource === 'list') &&
      unitPrice === l.unitPrice;
    const discountPct = decimal(f, `lines.${i}.discountPct`, `${path}/discountPct`, problems);
    return {
      ...(l.sku !== null ? { sku: l.sku } : { description: l.description ?? '' }),
      quantity: decimal(f, `lines.${i}.quantity`, `${path}/quantity`, problems) ?? 0,
      requestedDate: text(f, `lines.${i}.requestedDate`) ?? '',
      ...(unitPrice !== undefined && !keepsSource && { unitPrice }),
      ...(discountPct !== undefined && { discountPct }),
      ...leadTimeOf(f, i, l, problems),
      ...(l.site && { site: l.site }),
    };
  });
  const terms: Terms = { shipComplete: f.shipComplete === 'on' };
  const paymentTerms = text(f, 'paymentTerms');
  const incoterm = text(f, 'incoterm');
  const incotermPlace = text(f, 'incotermPlace');
  if (paymentTerms !== undefined) terms.paymentTerms = paymentTerms;
  if (incoterm !== undefined) terms.incoterm = incoterm as Terms['incoterm'];
  if (incotermPlace !== undefined) terms.incotermPlace = incotermPlace;
  terms.note = text(f, 'termsNote') ?? '';
  fail(problems, 'The revision is not valid');
  const reason = text(f, 'reason');
  const validUntil = text(f, 'validUntil');
  return checkRevision({
    ...(reason !== undefined && { reason }),
    ...(validUntil !== undefined && { validUntil }),
    terms,
    lines,
  });
}

/** The counter-offer form: a target price and/or date on any line, and a note. */
export function counterOfferForm(req: Request, current: QuoteView): CounterOffer {
  const f = fieldsOf(req);
  const problems: ErrorDetail[] = [];
  const lines = current.lines.flatMap((l, i) => {
    const targetPrice = decimal(f, `lines.${i}.targetPrice`, `/lines/${i}/targetPrice`, problems);
    const targetDate = text(f, `lines.${i}.targetDate`);
    if (targetPrice === undefined && targetDate === undefined) return [];
    return [
      {
        lineNo: l.lineNo,
        ...(targetPrice !== undefined && { targetPrice }),
        ...(targetDate !== undefined && { targetDate }),
      },
    ];
  });
  if (!lines.length && !problems.length)
    problems.push({ path: '/lines', message: 'give a target price or a target date for at least one line' });
  fail(problems, 'The counter-offer is not valid');
  const note = text(f, 'note');
  return checkCounter({ revision: revisionField(req), ...(note !== undefined && { note }), lines });
}

export function acceptForm(req: Request): { revision: number; customerPo?: string } {
  const customerPo = text(fieldsOf(req), 'customerPo');
  if (customerPo !== undefined && customerPo.length > 60)
    throw new AppError('validation_failed', 'The acceptance is not valid', [
      { path: '/customerPo', message: 'must be at most 60 characters' },
    ]);
  return { revision: revisionField(req), ...(customerPo !== undefined && { customerPo }) };
}

/** The customer's request form: up to REQUEST_FORM_LINES rows; rows left blank are not lines. */
/** The new-request form as it was typed, to show it again after a refusal. */
export function typedRequest(req: Request) {
  const f = fieldsOf(req);
  const lines = Array.from({ length: REQUEST_FORM_LINES }, (_v, i) => ({
    sku: text(f, `lines.${i}.sku`),
    description: text(f, `lines.${i}.description`),
    quantity: text(f, `lines.${i}.quantity`),
    requestedDate: text(f, `lines.${i}.requestedDate`),
  }));
  return { lines, notes: text(f, 'notes') };
}

export function requestForm(req: Request, accountId: string): NewRequest {
  const f = fieldsOf(req);
  const problems: ErrorDetail[] = [];
  const lines: NewRequest['lines'] = [];
  for (let i = 0; i < REQUEST_FORM_LINES; i++) {
    const sku = text(f, `lines.${i}.sku`);
    const description = text(f, `lines.${i}.description`);
    const quantity = decimal(f, `lines.${i}.quantity`, `/lines/${lines.length}/quantity`, problems);
    const requestedDate = text(f, `lines.${i}.requestedDate`);
    if (
      sku === undefined &&
      description === undefined &&
      quantity === undefined &&
      requestedDate === undefined
    )
      continue;
    lines.push({
      ...(sku !== undefined && { sku }),
      ...(description !== undefined && { description }),
      quantity: quantity ?? 0,
      requestedDate: requestedDate ?? '',
    });
  }
  if (!lines.length && !problems.length)
    problems.push({ path: '/lines', message: 'fill in at least one line' });
  fail(problems, 'The request is not valid');
  const notes = text(f, 'notes');
  return checkRequest({ accountId, ...(notes !== undefined && { notes }), lines });
}
