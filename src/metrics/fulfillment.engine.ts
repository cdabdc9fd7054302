/**
 * The contract's fulfillment metrics (shared/contract/api.md, "Fulfillment metrics"), as pure
 * arithmetic on one line's facts: no SQL, no clock (today is an argument). Quantities are integer
 * thousandths and dates YYYY-MM-DD text, so every comparison and sum is exact.
 */

import { oneDecimal } from '../shared/rounding';

export { oneDecimal };

export type Basis = 'requested' | 'first_confirmed' | 'last_confirmed';
export const BASES: readonly Basis[] = ['requested', 'first_confirmed', 'last_confirmed'];

/** The account's settings that the definitions read (defaults: any time early, 0 days late, 0 % tolerance). */
export interface OtifTerms {
  earlyDays: number | null;
  lateDays: number;
  inFullTolerancePct: number;
}

export const DEFAULT_TERMS: OtifTerms = { earlyDays: null, lateDays: 0, inFullTolerancePct: 0 };

export interface LineShipment {
  shipDate: string;
  deliveredDate: string | null;
  quantityMilli: number;
}

/** One promise-ledger version: when it was recorded (ISO timestamp) and the date it promised. */
export interface LineVersion {
  at: string;
  confirmedDate: string | null;
}

export interface LineFacts {
  quantityMilli: number;
  requestedDate: string;
  /** `arrival` under D Incoterms: the promise is kept on the delivered date. */
  promisedBy: 'ship' | 'arrival';
  cancelled: boolean;
  /** Oldest first. */
  versions: LineVersion[];
  shipments: LineShipment[];
  orderDate: string;
  /** From the quote the order came from: the line's quoted date and the date the quote was sent. */
  quotedDate?: string | null;
  quoteSentDate?: string | null;
}

export interface DeliveryEvent {
  date: string;
  quantityMilli: number;
}

export interface LineEvaluation {
  basisDate: string | null;
  /** The month (YYYY-MM) the line is due in, or null while it is not due (or never: cancelled, no basis). */
  dueMonth: string | null;
  completionDate: string | null;
  onTime: boolean;
  inFull: boolean;
  otif: boolean;
  daysLate: number;
  quotedLeadDays: number | null;
  actualLeadDays: number | null;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);
function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A line's delivery events, oldest first: its shipments dated by ship date, or under D terms by
 * delivered date (a shipment not yet delivered is then no event).
 */
export function deliveryEvents(line: Pick<LineFacts, 'promisedBy' | 'shipments'>): DeliveryEvent[] {
  const events: DeliveryEvent[] = [];
  for (const s of line.shipments) {
    const date = line.promisedBy === 'arrival' ? s.deliveredDate : s.shipDate;
    if (date !== null) events.push({ date, quantityMilli: s.quantityMilli });
  }
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The line's basis date. `last_confirmed` is the last version recorded on or before the day of the
 * first delivery event (a re-promise made the day the goods left still stood when they left); with no
 * event yet, the line's current promise.
 */
export function basisDate(line: LineFacts, basis: Basis, events: DeliveryEvent[]): string | null {
  if (basis === 'requested') return line.requestedDate;
  if (basis === 'first_confirmed') return line.versions[0]?.confirmedDate ?? null;
  const first = events[0]?.date;
  let last: LineVersion | undefined;
  for (const v of line.versions) if (first === undefined || v.at.slice(0, 10) <= first) last = v;
  return last?.confirmedDate ?? null;
}

/** The required quantity: the line's quantity less the account's in-full tolerance, in thousandths. */
export function requiredMilli(quantityMilli: number, inFullTolerancePct: number): number {
  // Percent with up to 3 places, as integer thousandths of a percent: no float product.
  const tolerance = Math.round(inFullTolerancePct * 1000);
  return Math.ceil((quantityMilli * (100_000 - tolerance)) / 100_000);
}

export function evaluateLine(line: LineFacts, basis: Basis, terms: OtifTerms, today: string): LineEvaluation {
  const events = deliveryEvents(line);
  const base = basisDate(line, basis, events);
  const required = requiredMilli(line.quantityMilli, terms.inFullTolerancePct);
  let delivered = 0;
  let completionDate: string | null = null;
  for (const e of events) {
    delivered += e.quantityMilli;
    if (completionDate === null && delivered >= required) completionDate = e.date;
  }
  const quotedLeadDays =
    line.quotedDate && line.quoteSentDate ? daysBetween(line.quoteSentDate, line.quotedDate) : null;
  const actualLeadDays = completionDate ? daysBetween(line.orderDate, completionDate) : null;
  if (base === null)
    return {
      basisDate: null,
      dueMonth: null,
      completionDate,
      onTime: false,
      inFull: delivered >= required,
      otif: false,
      daysLate: 0,
      quotedLeadDays,
      actualLeadDays,
    };
  const from = terms.earlyDays === null ? null : addDays(base, -terms.earlyDays);
  const to = addDays(base, terms.lateDays);
  const inWindow = (d: string) => (from === null || d >= from) && d <= to;
  const inFull = delivered >= required;
  const onTime = events.length > 0 && events.every((e) => inWindow(e.date));
  let deliveredInWindow = 0;
  for (const e of events) if (inWindow(e.date)) deliveredInWindow += e.quantityMilli;
  const otif = deliveredInWindow >= required && events.length > 0;
  const complete = completionDate !== null;
  const daysLate = Math.max(0, daysBetween(base, completionDate ?? today));
  const due = !line.cancelled && (complete || today > to);
  return {
    basisDate: base,
    dueMonth: due ? base.slice(0, 7) : null,
    completionDate,
    onTime,
    inFull,
    otif,
    daysLate,
    quotedLeadDays,
    actualLeadDays,
  };
}

export interface FulfillmentFigures {
  linesDue: number;
  linesOnTime: number;
  linesInFull: number;
  linesOtif: number;
  otifPct: number | null;
  avgDaysLate: number | null;
  quotedLeadDaysAvg: number | null;
  actualLeadDaysAvg: number | null;
}

/** The figures of a group of due lines (lines not due are left out by the caller or here). */
export function fulfillmentFigures(evaluations: LineEvaluation[]): FulfillmentFigures {
  const due = evaluations.filter((e) => e.dueMonth !== null);
  const late = due.filter((e) => e.daysLate > 0);
  const quoted = due.filter((e) => e.quotedLeadDays !== null);
  const actual = due.filter((e) => e.actualLeadDays !== null);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const otif = due.filter((e) => e.otif).length;
  return {
    linesDue: due.length,
    linesOnTime: due.filter((e) => e.onTime).length,
    linesInFull: due.filter((e) => e.inFull).length,
    linesOtif: otif,
    otifPct: due.length ? oneDecimal(100 * otif, due.length) : null,
    avgDaysLate: late.length ? oneDecimal(sum(late.map((e) => e.daysLate)), late.length) : null,
    quotedLeadDaysAvg: quoted.length
      ? oneDecimal(sum(quoted.map((e) => e.quotedLeadDays!)), quoted.length)
      : null,
    actualLeadDaysAvg: actual.length
      ? oneDecimal(sum(actual.map((e) => e.actualLeadDays!)), actual.length)
      : null,
  };
}
