import { addDays, todayIn } from '../shared/time';

/*
 * Service levels in business time, as pure arithmetic over instants (epoch milliseconds): no I/O,
 * no "now" of its own. A calendar says when the service desk works (hours per weekday in its
 * time zone, minus public holidays); an SLA clock counts business time from the case's creation,
 * and the business time it spends paused (waiting on the customer, or resolved before a reopen)
 * moves its due time later.
 */

/** A day's working hours in minutes after local midnight, [start, end). */
export interface WorkingHours {
  start: number;
  end: number;
}

export interface ServiceCalendar {
  /** IANA time zone of the hours and holidays. */
  timeZone: string;
  /** Indexed by weekday, 0 = Sunday … 6 = Saturday; null: not a working day. */
  hours: ReadonlyArray<WorkingHours | null>;
  /** Whether a local date (YYYY-MM-DD) is a public holiday (no work). */
  isHoliday: (date: string) => boolean;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * `Mon-Fri 08:00-17:00`, or several groups separated by `;` (`Mon-Fri 08:00-17:00; Sat 09:00-12:00`),
 * days as a range or a comma list. Returns null when the text is not of that form.
 */
export function parseServiceHours(text: string): Array<WorkingHours | null> | null {
  const hours: Array<WorkingHours | null> = [null, null, null, null, null, null, null];
  const groups = text.split(';').map((g) => g.trim());
  if (!groups.length || groups.some((g) => g === '')) return null;
  for (const group of groups) {
    const m = /^([A-Za-z,-]+)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(group);
    if (!m) return null;
    const start = Number(m[2]) * 60 + Number(m[3]);
    const end = Number(m[4]) * 60 + Number(m[5]);
    if (Number(m[3]) > 59 || Number(m[5]) > 59 || start >= end || end > 24 * 60) return null;
    for (const part of m[1]!.split(',')) {
      const [from, to = from] = part.split('-');
      const a = WEEKDAYS.indexOf(from ?? '');
      const b = WEEKDAYS.indexOf(to ?? '');
      if (a < 0 || b < 0) return null;
      for (let d = a; ; d = (d + 1) % 7) {
        if (hours[d]) return null;
        hours[d] = { start, end };
        if (d === b) break;
      }
    }
  }
  return hours;
}

// ---------------------------------------------------------------------------------------------
// Local time in the calendar's zone

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(timeZone: string, utcMs: number): number {
  // The default zone: Intl's formatToParts is the engine's costliest call, and UTC needs none.
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return local - Math.floor(utcMs / 1000) * 1000;
}

/** The instant a local wall-clock time occurs in the zone (a time skipped by a DST jump moves forward). */
export function localToUtc(timeZone: string, date: string, minutes: number): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const first = wall - offsetAt(timeZone, wall);
  const second = wall - offsetAt(timeZone, first);
  return second;
}

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

interface Day {
  /** Local midnight as an instant. */
  start: number;
  /** The working window as instants, or null (weekend, holiday). */
  window: { start: number; end: number } | null;
}

/**
 * Each calendar's days, worked out once: the queue computes every listed case's clocks and the
 * sweep every due case's, each walking the same few weeks of days through time-zone conversions
 * and holiday lookups. Bounded: a calendar's cache starts again past DAY_CACHE_SIZE days.
 */
const days = new WeakMap<ServiceCalendar, Map<string, Day>>();
const DAY_CACHE_SIZE = 20_000;

function dayOf(cal: ServiceCalendar, date: string): Day {
  let byDate = days.get(cal);
  if (!byDate) days.set(cal, (byDate = new Map()));
  let day = byDate.get(date);
  if (!day) {
    const h = cal.hours[weekdayOf(date)];
    day = {
      start: localToUtc(cal.timeZone, date, 0),
      window:
        !h || cal.isHoliday(date)
          ? null
          : { start: localToUtc(cal.timeZone, date, h.start), end: localToUtc(cal.timeZone, date, h.end) },
    };
    if (byDate.size >= DAY_CACHE_SIZE) byDate.clear();
    byDate.set(date, day);
  }
  return day;
}

const windowOf = (cal: ServiceCalendar, date: string) => dayOf(cal, date).window;

/** About ten years of days: a calendar with no working day in that long is a configuration error. */
const MAX_DAYS = 3700;

/** Business milliseconds between two instants (0 when `to` is not after `from`). */
export function businessMsBetween(cal: ServiceCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  let date = todayIn(cal.timeZone, new Date(from));
  for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1)) {
    if (dayOf(cal, date).start >= to) break;
    const w = windowOf(cal, date);
    if (w) total += Math.max(0, Math.min(w.end, to) - Math.max(w.start, from));
  }
  return total;
}

/**
 * The instant at which `ms` business milliseconds have passed after `from`. Ending exactly at the
 * close of a working day gives that close (17:00), not the next morning's opening.
 */
export function addBusinessMs(cal: ServiceCalendar, from: number, ms: number): number {
  if (ms <= 0) return from;
  let left = ms;
  let date = todayIn(cal.timeZone, new Date(from));
  for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1)) {
    const w = windowOf(cal, date);
    if (!w) continue;
    const start = Math.max(w.start, from);
    if (start >= w.end) continue;
    if (left <= w.end - start) return start + left;
    left -= w.end - start;
  }
  throw new Error('The service calendar has no working time in ten years');
}

// ---------------------------------------------------------------------------------------------
// SLA clocks

export type TargetState = 'running' | 'paused' | 'warning' | 'met' | 'breached';

/** One target's clock (first response or resolution) as kept on the case. */
export interface SlaClock {
  targetMs: number;
  /** Business time spent paused, up to pausedSince (or the stop). */
  pausedMs: number;
  /** Paused now, since then. */
  pausedSince: number | null;
  /** Stopped (responded, resolved) at. */
  stoppedAt: number | null;
  /** A recorded breach: never undone. */
  breachedAt: number | null;
}

export const newClock = (targetMs: number): SlaClock => ({
  targetMs,
  pausedMs: 0,
  pausedSince: null,
  stoppedAt: null,
  breachedAt: null,
});

/** Folds a running pause into pausedMs at `at`. */
function settlePause(cal: ServiceCalendar, c: SlaClock, at: number): SlaClock {
  if (c.pausedSince === null) return c;
  return { ...c, pausedMs: c.pausedMs + businessMsBetween(cal, c.pausedSince, at), pausedSince: null };
}

export function pauseClock(c: SlaClock, at: number): SlaClock {
  return c.stoppedAt !== null || c.pausedSince !== null ? c : { ...c, pausedSince: at };
}

export function resumeClock(cal: ServiceCalendar, c: SlaClock, at: number): SlaClock {
  return c.stoppedAt !== null ? c : settlePause(cal, c, at);
}

export function stopClock(cal: ServiceCalendar, c: SlaClock, at: number): SlaClock {
  return c.stoppedAt !== null ? c : { ...settlePause(cal, c, at), stoppedAt: at };
}

/** A stopped clock counting again (a resolved case reopened): the time it stood still counts as paused. */
export function reopenClock(cal: ServiceCalendar, c: SlaClock, at: number): SlaClock {
  if (c.stoppedAt === null) return c;
  return { ...c, pausedMs: c.pausedMs + businessMsBetween(cal, c.stoppedAt, at), stoppedAt: null };
}

export function recordBreach(c: SlaClock, at: number): SlaClock {
  return c.breachedAt !== null ? c : { ...c, breachedAt: at };
}

/** The due instant: creation + target, later by the business time paused (up to now while paused). */
export function dueOf(cal: ServiceCalendar, createdAt: number, c: SlaClock, now: number): number {
  const pausedNow =
    c.pausedSince !== null && c.stoppedAt === null ? businessMsBetween(cal, c.pausedSince, now) : 0;
  return addBusinessMs(cal, createdAt, c.targetMs + c.pausedMs + pausedNow);
}

/** Less than this fraction of the target's business time left is a warning. */
export const WARNING_FRACTION = 0.25;

export function stateOf(
  cal: ServiceCalendar,
  createdAt: number,
  c: SlaClock,
  now: number,
): { due: number; state: TargetState } {
  const due = dueOf(cal, createdAt, c, now);
  if (c.stoppedAt !== null)
    return { due, state: c.breachedAt !== null || c.stoppedAt > due ? 'breached' : 'met' };
  if (c.breachedAt !== null || now > due) return { due, state: 'breached' };
  if (c.pausedSince !== null) return { due, state: 'paused' };
  const left = businessMsBetween(cal, now, due);
  return { due, state: left < c.targetMs * WARNING_FRACTION ? 'warning' : 'running' };
}

const RANK: Record<TargetState, number> = { met: 0, paused: 1, running: 2, warning: 3, breached: 4 };

/** The worse of two states: breached > warning > running > paused > met. */
export const worseState = (a: TargetState, b: TargetState): TargetState => (RANK[a] >= RANK[b] ? a : b);

/**
 * The instant a clock still counting breaches (its due, when it is not paused now), for the
 * breach record: a breach happened at its due time, whenever it was noticed.
 */
export function breachInstant(
  cal: ServiceCalendar,
  createdAt: number,
  c: SlaClock,
  now: number,
): number | null {
  const { due, state } = stateOf(cal, createdAt, c, now);
  return state === 'breached' && c.breachedAt === null ? due : null;
}
