import { shiftedClock, shiftToMidday, useClock } from '../../src/shared/clock';

/** Carries the shift to child processes (they inherit the environment), so both sides agree on now. */
const SHIFT_VAR = 'FD_TEST_CLOCK_SHIFT_MS';

/**
 * Every test file runs at 12:00 UTC of the real date and onward at real speed, whatever the hour
 * it starts at: a date a test computes when it loads is the app's date when the test runs, and
 * sites east and west of UTC sit on known days. A test about an hour sets its own clock.
 */
export function installTestClock(): () => void {
  const inherited = Number(process.env[SHIFT_VAR]);
  const shift = Number.isFinite(inherited) && process.env[SHIFT_VAR] ? inherited : shiftToMidday();
  process.env[SHIFT_VAR] = String(shift);
  return useClock(shiftedClock(shift));
}
