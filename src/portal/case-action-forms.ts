import type { Request } from 'express';
import {
  type Assignment,
  assignSchema,
  type CaseCause,
  caseCauseSchema,
  type NewArticle,
  type NewRma,
  newArticleSchema,
  newRmaSchema,
} from '../cases';
import type { ErrorDetail } from '../shared/errors';
import { compileValidator } from '../shared/http/validation';
import { decimal, fail, fieldsOf, text } from './form-fields';

/*
 * The case page's forms as the bodies POST /api/cases/:id/assign, /rma, PUT /api/cases/:id/cause and
 * PUT /api/knowledge/articles/:id take, checked against the same schemas: a page asks no more of the
 * service than an API client can, and is refused in the same words.
 */

const checkAssign = compileValidator<Assignment>(assignSchema, 'Choose someone to assign the case to');
const checkRma = compileValidator<NewRma>(newRmaSchema, 'The return is not valid');
const checkCause = compileValidator<CaseCause>(caseCauseSchema, 'Choose a cause');
const checkArticle = compileValidator<NewArticle>(newArticleSchema, 'Please fill in every field');

/** Only the fields that were filled in, so a blank one is reported as missing by the schema. */
const filled = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));

export function assignForm(req: Request): string {
  return checkAssign(filled({ userId: text(fieldsOf(req), 'userId') })).userId;
}

export function causeForm(req: Request): string {
  return checkCause(filled({ causeCode: text(fieldsOf(req), 'causeCode') })).causeCode;
}

export function articleForm(req: Request): NewArticle {
  const f = fieldsOf(req);
  return checkArticle(
    filled({ title: text(f, 'title'), problem: text(f, 'problem'), solution: text(f, 'solution') }),
  );
}

/** The case's own order line is the one returned: the form asks how many, why, and what happens to it. */
export function rmaForm(req: Request, line: { orderId: string; lineNo: number }): NewRma {
  const f = fieldsOf(req);
  const problems: ErrorDetail[] = [];
  const quantity = decimal(f, 'quantity', '/lines/0/quantity', problems);
  fail(problems, 'The return is not valid');
  return checkRma(
    filled({
      lines: [{ ...line, ...filled({ quantity, reason: text(f, 'reason') }) }],
      disposition: text(f, 'disposition'),
    }),
  );
}
