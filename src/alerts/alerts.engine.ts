/**
 * Which delivery alerts a line is due, from its promised date, today and the account's lead
 * days. Pure: the job reads the lines and claims what this returns; the key makes each alert
 * once per line, kind and date, so a date that moves raises new alerts and a re-run none.
 */
export const ALERT_KINDS = ['due_soon', 'due_today', 'overdue', 'slipped'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Told to the customer too; an overdue line is the account manager's to chase first. */
export const CUSTOMER_VISIBLE: Record<AlertKind, boolean> = {
  due_soon: true,
  due_today: true,
  overdue: false,
  slipped: true,
};

export interface AlertableLine {
  lineId: string;
  /**
   * The promised date: the ship date, or under a D term the arrival date; null when
   * re-confirmation could not date the line.
   */
  promisedDate: string | null;
  /** The promise is kept (shipped in full under a ship promise, delivered in full under an arrival one): nothing is due. */
  kept: boolean;
  /** When the line last slipped, while the customer has not answered that slip. */
  slipAwaitingChoice: string | null;
}

export interface DueAlert {
  key: string;
  kind: AlertKind;
  promisedDate: string | null;
  /** Days before (due_soon) or after (overdue) the promised date; 0 otherwise. */
  days: number;
}

const MS_PER_DAY = 86_400_000;
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);

/** `today` is the business day of the line's site (as ATP dates it), not UTC's. */
export function alertsDue(line: AlertableLine, today: string, daysBefore: number): DueAlert[] {
  const out: DueAlert[] = [];
  const at = (kind: AlertKind, date: string | null, days: number, stamp = date ?? 'undated') =>
    out.push({ key: `${line.lineId}:${kind}:${stamp}`, kind, promisedDate: date, days });
  if (line.promisedDate && !line.kept) {
    const until = daysBetween(today, line.promisedDate);
    if (until > 0 && until <= daysBefore) at('due_soon', line.promisedDate, until);
    if (until === 0) at('due_today', line.promisedDate, 0);
    // With no lead days the account still hears of a late line, a day after its date.
    if (until <= -Math.max(daysBefore, 1)) at('overdue', line.promisedDate, -until);
  }
  // A slip is keyed by when it happened, not by the new date: a split that moves the date again
  // answers the slip, it is not a new one.
  if (line.slipAwaitingChoice) at('slipped', line.promisedDate, 0, line.slipAwaitingChoice);
  return out;
}
