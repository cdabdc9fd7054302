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

const MS_PER_DAY = 86_400_000;

/** Calendar arithmetic in UTC, so a daylight-saving change never shifts a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** YYYY-MM-DD strings order lexicographically as they do on the calendar. */
export function pickLaterDate(a: string, b: string): string {
  return a >= b ? a : b;
}

/** Dated rows in calendar order (for sort). */
export const byDate = (a: { date: string }, b: { date: string }): number =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : 0;

export function addHours(iso: string, hours: number): string {
  return new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A real calendar date in YYYY-MM-DD (rejects 2026-02-30), proleptic Gregorian, years 0000 to 9999;
 * arithmetic, as ERP files hold millions of dates.
 */
export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}
