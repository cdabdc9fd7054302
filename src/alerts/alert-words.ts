import { buyerDate, slipNotice } from '../orders';
import type { AlertKind } from './alerts.engine';

/** Who reads an alert: the account's buyers or the manufacturer's people. */
export type Audience = 'customer' | 'staff';

export interface AlertFacts {
  kind: AlertKind;
  orderId: string;
  number: string;
  lineNo: number;
  sku: string;
  promisedDate: string | null;
  days: number;
  slipReason: string | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The one line an inbox shows and an e-mail's subject says. */
export function alertSubject(f: AlertFacts, audience: Audience): string {
  const what = `Order ${f.number} line ${f.lineNo} (${f.sku})`;
  const date = buyerDate(f.promisedDate);
  switch (f.kind) {
    case 'due_soon':
      return `${what} is due in ${plural(f.days, 'day')}, on ${date}`;
    case 'due_today':
      return `${what} is due today`;
    case 'overdue':
      return `${what} is ${plural(f.days, 'day')} late (promised for ${date})`;
    case 'slipped':
      return audience === 'customer'
        ? `${what} is now planned for ${date}: please choose how to proceed`
        : `${what} slipped to ${date}`;
  }
}

/** The body beneath the subject: for a slip, the new date and why, in the buyer's words. */
export function alertText(f: AlertFacts, audience: Audience): string {
  if (f.kind !== 'slipped') return alertSubject(f, audience);
  const notice = slipNotice({ line_no: f.lineNo, confirmed_date: f.promisedDate, slip_reason: f.slipReason });
  return audience === 'customer'
    ? `${notice} You can wait for the new date, receive what is ready now and the rest later, or cancel the line.`
    : `${notice} The customer is asked to wait, split or cancel. (Planner's reason: ${f.slipReason ?? 'none given'}.)`;
}

/** Where the alert leads: a buyer's slip to its one-click choice, anything else to the order. */
export function alertLink(f: Pick<AlertFacts, 'kind' | 'orderId' | 'lineNo'>, audience: Audience): string {
  return f.kind === 'slipped' && audience === 'customer'
    ? `/orders/${f.orderId}/lines/${f.lineNo}/choice`
    : `/orders/${f.orderId}`;
}
