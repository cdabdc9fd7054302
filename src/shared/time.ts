import { currentTime } from './clock';

/**
 * Timestamps are stored as ISO-8601 UTC strings and dates as YYYY-MM-DD strings on every
 * dialect: they compare correctly as text, and no driver converts them through a local time zone.
 */
export const nowIso = (): string => currentTime().toISOString();

export const todayIso = (now: Date = currentTime()): string => now.toISOString().slice(0, 10);

/** One formatter per time zone (building one costs more than formatting); null: not a zone Intl knows. */
const calendars = new Map<string, Intl.DateTimeFormat | null>();

function calendarOf(timeZone: string): Intl.DateTimeFormat | null {
  if (!calendars.has(timeZone)) {
    try {
      calendars.set(
        timeZone,
        new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      );
    } catch {
      calendars.set(timeZone, null);
    }
  }
  return calendars.get(timeZone)!;
}

/** Whether Intl knows the name as a time zone (an IANA name such as Europe/Berlin). */
export const isTimeZone = (timeZone: string): boolean => calendarOf(timeZone) !== null;

/**
 * Today's date in a time zone (an IANA name, as the ERP gives a site's): a plant's day, not UTC's.
 * No zone, or one Intl does not know, is UTC.
 */
export function todayIn(timeZone: string | null | undefined, now: Date = currentTime()): string {
  const calendar = timeZone ? calendarOf(timeZone) : null;
  if (!calendar) return todayIso(now);
  const parts = calendar.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addHours(iso: string, hours: number): string {
  return new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();
}

/** A real calendar date in YYYY-MM-DD (rejects 2026-02-30). */
export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
