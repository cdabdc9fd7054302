import type { Config } from '../config';
import type { CasePatch, CaseRow } from './cases.repository';
import { NO_DUE } from './cases.repository';
import type { Sla } from './cases.schemas';
import { serviceCalendar } from './sla.calendar';
import {
  breachInstant,
  pauseClock,
  reopenClock,
  resumeClock,
  type ServiceCalendar,
  type SlaClock,
  stateOf,
  stopClock,
  worseState,
} from './sla.engine';

/** The case's two SLA clocks as kept on its row, and the glue between the row and the pure engine. */
export interface Clocks {
  fr: SlaClock;
  res: SlaClock;
}
export type ClockName = keyof Clocks;

const calendars = new WeakMap<Config, ServiceCalendar>();

/** The service desk's calendar from the settings, built once per configuration. */
export function calendarOf(config: Config): ServiceCalendar {
  let cal = calendars.get(config);
  if (!cal) {
    cal = serviceCalendar(config.serviceHours, config.serviceTimezone, config.serviceHolidays);
    calendars.set(config, cal);
  }
  return cal;
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

function clockOf(row: CaseRow, name: ClockName): SlaClock {
  return {
    targetMs: Number(row[`${name}_target_minutes`]) * 60_000,
    pausedMs: Number(row[`${name}_paused_ms`]),
    pausedSince: ms(row[`${name}_paused_since`]),
    stoppedAt: ms(row[`${name}_stopped_at`]),
    breachedAt: ms(row[`${name}_breached_at`]),
  };
}

export const clocksOf = (row: CaseRow): Clocks => ({ fr: clockOf(row, 'fr'), res: clockOf(row, 'res') });

/** What the clocks mean now: the contract's `sla`, and the dues to store for the queue and the sweep. */
export function slaOf(
  cal: ServiceCalendar,
  createdAt: string,
  clocks: Clocks,
  now: number,
): { sla: Sla; frDue: string; resDue: string; nextDue: string } {
  const created = Date.parse(createdAt);
  const fr = stateOf(cal, created, clocks.fr, now);
  const res = stateOf(cal, created, clocks.res, now);
  const counting = [
    clocks.fr.stoppedAt === null && clocks.fr.breachedAt === null ? fr.due : null,
    clocks.res.stoppedAt === null && clocks.res.breachedAt === null ? res.due : null,
  ].filter((d): d is number => d !== null);
  return {
    sla: {
      firstResponseDue: iso(fr.due)!,
      firstResponseState: fr.state,
      resolutionDue: iso(res.due)!,
      resolutionState: res.state,
      state: worseState(fr.state, res.state),
    },
    frDue: iso(fr.due)!,
    resDue: iso(res.due)!,
    nextDue: counting.length ? iso(Math.min(...counting))! : NO_DUE,
  };
}

/** Breaches that have happened by `now` and are not recorded yet, each at its due instant. */
export function newBreaches(
  cal: ServiceCalendar,
  createdAt: string,
  clocks: Clocks,
  now: number,
): Array<{ clock: ClockName; at: number }> {
  const created = Date.parse(createdAt);
  return (['fr', 'res'] as const).flatMap((clock) => {
    const at = breachInstant(cal, created, clocks[clock], now);
    return at === null ? [] : [{ clock, at }];
  });
}

/** The timeline entry of a breach, at the instant it happened (seq is the appender's). */
export function breachEvent(caseId: string, clock: ClockName, atIso: string) {
  return {
    case_id: caseId,
    at: atIso,
    kind: 'sla_breached',
    actor_id: null,
    internal: false,
    body: null,
    from_value: null,
    to_value: null,
    detail: clock === 'fr' ? 'first_response' : 'resolution',
  };
}

/** How a status change moves the clocks (api.md: run in new and open, pause in waiting_on_customer, stop at resolved). */
export function clocksAfterStatus(
  cal: ServiceCalendar,
  clocks: Clocks,
  from: string,
  to: string,
  at: number,
): Clocks {
  if (to === 'waiting_on_customer') return { fr: pauseClock(clocks.fr, at), res: pauseClock(clocks.res, at) };
  if (to === 'resolved') return { fr: stopClock(cal, clocks.fr, at), res: stopClock(cal, clocks.res, at) };
  if (to === 'open' && from === 'waiting_on_customer')
    return { fr: resumeClock(cal, clocks.fr, at), res: resumeClock(cal, clocks.res, at) };
  // A resolved case reopened: resolution counts again; the first response stays answered.
  if (to === 'open' && from === 'resolved') return { fr: clocks.fr, res: reopenClock(cal, clocks.res, at) };
  return clocks;
}

/** The row's clock columns for the clocks, and the dues as of `now`. */
export function clockColumns(
  cal: ServiceCalendar,
  createdAt: string,
  clocks: Clocks,
  now: number,
): CasePatch {
  const { frDue, resDue, nextDue } = slaOf(cal, createdAt, clocks, now);
  const patch: CasePatch = { fr_due: frDue, res_due: resDue, sla_next_due: nextDue };
  for (const name of ['fr', 'res'] as const) {
    const c = clocks[name];
    patch[`${name}_paused_ms`] = Math.round(c.pausedMs);
    patch[`${name}_paused_since`] = iso(c.pausedSince);
    patch[`${name}_stopped_at`] = iso(c.stoppedAt);
  }
  return patch;
}
