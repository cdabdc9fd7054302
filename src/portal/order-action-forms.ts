import type { Request } from 'express';
import { cancelSchema, lineChangeSchema, type OrderStatus, statusChangeSchema, TRANSITIONS } from '../orders';
import { AppError, ErrorDetail } from '../shared/errors';
import { compileValidator } from '../shared/http/validation';
import { decimal, fail, fieldsOf, text } from './form-fields';

/*
 * The order page's forms as the bodies POST /api/orders/:id/status, /cancel and PATCH
 * /api/orders/:id/lines/:lineNo take, checked against the same schemas: a page asks no more of the
 * service than an API client can, and is refused in the same words.
 */

type StatusChange = { status: OrderStatus; reason?: string };
type LineChange = { quantity?: number; requestedDate?: string; reason: string };

const checkStatus = compileValidator<StatusChange>(statusChangeSchema, 'The status change is not valid');
const checkCancel = compileValidator<{ reason: string }>(cancelSchema, 'A reason is needed to cancel');
const checkLine = compileValidator<LineChange>(lineChangeSchema, 'The line change is not valid');

export function statusChangeForm(req: Request): StatusChange {
  const f = fieldsOf(req);
  const [status, reason] = [text(f, 'status'), text(f, 'reason')];
  return checkStatus({ ...(status !== undefined && { status }), ...(reason !== undefined && { reason }) });
}

export function cancelForm(req: Request): string {
  const reason = text(fieldsOf(req), 'reason');
  return checkCancel({ ...(reason !== undefined && { reason }) }).reason;
}

/** Blank quantity or date: that one stays as it is; at least one of them must change. */
export function lineChangeForm(req: Request): LineChange {
  const f = fieldsOf(req);
  const problems: ErrorDetail[] = [];
  const quantity = decimal(f, 'quantity', '/quantity', problems);
  const requestedDate = text(f, 'requestedDate');
  const reason = text(f, 'reason');
  if (quantity === undefined && requestedDate === undefined && !problems.length)
    problems.push({ path: '/quantity', message: 'give a new quantity or a new requested date' });
  fail(problems, 'The line change is not valid');
  return checkLine({
    ...(quantity !== undefined && { quantity }),
    ...(requestedDate !== undefined && { requestedDate }),
    ...(reason !== undefined && { reason }),
  });
}

/** The line number the line-change form names (a select of the order's lines). */
export function lineNoField(req: Request): number {
  const raw = text(fieldsOf(req), 'lineNo') ?? '';
  if (!/^[0-9]{1,4}$/.test(raw))
    throw new AppError('validation_failed', 'The line change is not valid', [
      { path: '/lineNo', message: 'choose a line' },
    ]);
  return Number(raw);
}

/** The statuses the page offers from here: the legal moves but cancelling, which has its own form. */
export function nextStatuses(status: OrderStatus): OrderStatus[] {
  return TRANSITIONS[status].filter((s) => s !== 'cancelled');
}
