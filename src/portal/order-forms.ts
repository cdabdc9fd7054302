import type { Request } from 'express';
import { newOrderSchema, NewOrder } from '../orders';
import type { ErrorDetail } from '../shared/errors';
import { compileValidator } from '../shared/http/validation';
import { decimal, fail, fieldsOf, text } from './form-fields';

/** How many lines the new-order form offers. */
export const ORDER_FORM_LINES = 8;

const checkOrder = compileValidator<NewOrder>(newOrderSchema, 'The order is not valid');

/** The new-order form as the API's order: blank lines are left out, at least one is needed. */
export function orderForm(req: Request): NewOrder {
  const f = fieldsOf(req);
  const problems: ErrorDetail[] = [];
  const lines: NewOrder['lines'] = [];
  for (let i = 0; i < ORDER_FORM_LINES; i++) {
    const sku = text(f, `lines.${i}.sku`);
    const quantity = decimal(f, `lines.${i}.quantity`, `/lines/${lines.length}/quantity`, problems);
    const requestedDate = text(f, `lines.${i}.requestedDate`);
    if (sku === undefined && quantity === undefined && requestedDate === undefined) continue;
    lines.push({ sku: sku ?? '', quantity: quantity ?? 0, requestedDate: requestedDate ?? '' });
  }
  if (!lines.length && !problems.length)
    problems.push({ path: '/lines', message: 'fill in at least one line' });
  fail(problems, 'The order is not valid');
  const [accountId, customerPo, site] = [text(f, 'accountId'), text(f, 'customerPo'), text(f, 'site')];
  return checkOrder({
    accountId: accountId ?? '',
    ...(customerPo !== undefined && { customerPo }),
    ...(site !== undefined && { site }),
    shipComplete: text(f, 'shipComplete') === 'on',
    lines,
  });
}

/** The new-order form as it was typed, to show it again after a refusal. */
export interface TypedOrder {
  accountId?: string | undefined;
  site?: string | undefined;
  customerPo?: string | undefined;
  shipComplete: boolean;
  lines: Array<{
    sku?: string | undefined;
    quantity?: string | undefined;
    requestedDate?: string | undefined;
  }>;
}

export function typedOrder(req: Request): TypedOrder {
  const f = fieldsOf(req);
  return {
    accountId: text(f, 'accountId'),
    site: text(f, 'site'),
    customerPo: text(f, 'customerPo'),
    shipComplete: text(f, 'shipComplete') === 'on',
    lines: Array.from({ length: ORDER_FORM_LINES }, (_v, i) => ({
      sku: text(f, `lines.${i}.sku`),
      quantity: text(f, `lines.${i}.quantity`),
      requestedDate: text(f, `lines.${i}.requestedDate`),
    })),
  };
}
