import type { Priority, Severity, Warranty } from './cases.schemas';

const BY_SEVERITY: Record<Severity, number> = { critical: 1, high: 2, normal: 3, low: 4 };

/**
 * P1…P4 from the severity, one level higher (at most P1) for an account of class A. Until the
 * ABC classes exist (`accounts.class`, from metrics), no account is A.
 */
export function priorityOf(severity: Severity, accountClass: string | null): Priority {
  const level = Math.max(1, BY_SEVERITY[severity] - (accountClass === 'A' ? 1 : 0));
  return `P${level}` as Priority;
}

/**
 * A date plus whole calendar months; a day the target month lacks becomes its last day
 * (2026-01-31 + 1 month = 2026-02-28), so a warranty never runs into the month after.
 */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * Warranty of a case on a shipped line (null when the line has not shipped): until the first
 * ship date + the item's warranty months; it applies when there are months and the case was
 * opened on or before that day.
 */
export function warrantyOf(firstShipDate: string | null, months: number, openedOn: string): Warranty | null {
  if (firstShipDate === null) return null;
  const until = addMonths(firstShipDate, months);
  if (months <= 0) return { applies: false, until, reason: 'the item carries no warranty' };
  const basis = `${months} months from the first shipment on ${firstShipDate}`;
  return openedOn <= until
    ? { applies: true, until, reason: `under warranty until ${until} (${basis})` }
    : { applies: false, until, reason: `warranty ended on ${until} (${basis})` };
}
