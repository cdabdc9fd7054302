import { useMiddayClock } from '../../src/shared/clock';

/**
 * Every test file runs at 12:00 UTC of the real date and onward at real speed, whatever the hour
 * it starts at: a date a test computes when it loads is the app's date when the test runs, and
 * sites east and west of UTC sit on known days. The server and sync child processes call it too
 * and inherit the parent's shift. A test about an hour sets its own clock.
 */
export const installTestClock = (): (() => void) => useMiddayClock('FD_TEST_CLOCK_SHIFT_MS');
