/**
 * The one source of "now" for business time: ATP's today, validity and expiry, tokens, sync locks,
 * mail dates, job bookkeeping. Production reads the system time; tests and the plant simulator
 * install a clock they move. Timeouts and throttles that only measure elapsed time use
 * performance.now() instead, so moving this clock never stalls or hurries them.
 *
 * Module-level rather than carried in Deps: "today" is read deep in pure code (pricing, ATP's
 * horizon, a quote's validity) that has no Deps, and one process runs one business time. Jest gives
 * each test file its own module registry, so a test file's clock never leaks into another's.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

/** The current instant by the installed clock. */
export const currentTime = (): Date => current.now();

/** Installs a clock for the whole process; the returned function puts the previous one back. */
export function useClock(clock: Clock): () => void {
  const previous = current;
  current = clock;
  return () => {
    current = previous;
  };
}

/**
 * The system time moved by a fixed amount: it runs at real speed, and processes given the same
 * shift agree on the instant (a test's server child and the test, a bench and its phases).
 */
export const shiftedClock = (byMs: number): Clock => ({
  now: () => new Date(systemClock.now().getTime() + byMs),
});

/** How far to shift the system time to stand at 12:00 UTC of its current date: a known hour on a real date. */
export function shiftToMidday(now: Date = systemClock.now()): number {
  return Date.parse(`${now.toISOString().slice(0, 10)}T12:00:00Z`) - now.getTime();
}

/**
 * Stands this process at 12:00 UTC of the real date, running on at real speed, for tests and
 * benches whose data is dated from today and whose answers must not change with the hour they
 * start at. The shift is kept in the environment variable `shareVia`, so child processes started
 * afterwards inherit it and agree on the instant.
 */
export function useMiddayClock(shareVia: string): () => void {
  const inherited = process.env[shareVia];
  const shift = inherited && Number.isFinite(Number(inherited)) ? Number(inherited) : shiftToMidday();
  process.env[shareVia] = String(shift);
  return useClock(shiftedClock(shift));
}

export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  ms?: number;
}

const millisOf = (d: Duration): number =>
  ((((d.days ?? 0) * 24 + (d.hours ?? 0)) * 60 + (d.minutes ?? 0)) * 60 + (d.seconds ?? 0)) * 1000 +
  (d.ms ?? 0);

const instantOf = (at: Date | string): number => {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${String(at)}`);
  return ms;
};

/**
 * A clock that stands where it is set and moves only when told (`running: false`, the default),
 * or one that starts at a chosen instant and then runs at the speed of real time (`running: true`),
 * for code that needs time to pass between two reads, such as the order of rows written in turn.
 */
export class TestClock implements Clock {
  private base: number;
  private setAt: number;

  constructor(
    at: Date | string,
    private readonly options: { running?: boolean } = {},
  ) {
    this.base = instantOf(at);
    this.setAt = performance.now();
  }

  now(): Date {
    const elapsed = this.options.running ? performance.now() - this.setAt : 0;
    return new Date(this.base + Math.floor(elapsed));
  }

  set(at: Date | string): this {
    this.base = instantOf(at);
    this.setAt = performance.now();
    return this;
  }

  advance(by: Duration): this {
    return this.set(new Date(this.now().getTime() + millisOf(by)));
  }
}
