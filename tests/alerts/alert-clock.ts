import { checkDeliveryAlerts } from '../../src/alerts';
import type { Deps } from '../../src/deps';
import { TestClock, useClock } from '../../src/shared/clock';

/** Noon UTC of a day, far from any midnight. */
const noonOf = (date: string): Date => new Date(`${date}T12:00:00.000Z`);

/**
 * The alerts tests' clock: noon UTC of `today` before each test, running on from there so rows
 * keep their order; checkOn runs the hourly check at noon of another day.
 */
export function useNoonClock(today: string) {
  const clock = new TestClock(noonOf(today), { running: true });
  let restore: () => void;
  beforeAll(() => {
    restore = useClock(clock);
  });
  afterAll(() => restore());
  beforeEach(() => clock.set(noonOf(today)));
  return {
    backTo: (date: string) => clock.set(noonOf(date)),
    async checkOn(date: string, deps: Deps): Promise<void> {
      clock.set(noonOf(date));
      await checkDeliveryAlerts(deps);
    },
  };
}
