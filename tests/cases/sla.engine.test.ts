import { serviceCalendar } from '../../src/cases/sla.calendar';
import {
  addBusinessMs,
  businessMsBetween,
  newClock,
  parseServiceHours,
  pauseClock,
  reopenClock,
  resumeClock,
  type SlaClock,
  stateOf,
  stopClock,
  worseState,
} from '../../src/cases/sla.engine';

const H = 3_600_000;
const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

/** Mon-Fri 08:00-17:00 in Berlin with German public holidays; the same in UTC without holidays. */
const berlin = serviceCalendar('Mon-Fri 08:00-17:00', 'Europe/Berlin', 'DE');
const utc = serviceCalendar('Mon-Fri 08:00-17:00', 'UTC', null);

describe('parseServiceHours', () => {
  test.each([
    ['Mon-Fri 08:00-17:00', [null, 480, 480, 480, 480, 480, null]],
    ['Mon,Wed 09:30-12:00', [null, 570, null, 570, null, null, null]],
    ['Mon-Fri 08:00-17:00; Sat 09:00-12:00', [null, 480, 480, 480, 480, 480, 540]],
    ['Fri-Mon 10:00-11:00', [600, 600, null, null, null, 600, 600]],
  ])('%s gives the opening minute per weekday', (text, starts) => {
    expect(parseServiceHours(text)?.map((h) => h?.start ?? null)).toEqual(starts);
  });

  test.each([
    '',
    'Mon-Fri',
    'Mon-Fri 17:00-08:00',
    'Mon-Fri 08:00-25:00',
    'Xyz 08:00-17:00',
    'Mon 08:00-12:00; Mon 13:00-17:00',
  ])('"%s" is refused', (text) => {
    expect(parseServiceHours(text)).toBeNull();
  });
});

describe('business time', () => {
  test.each([
    // [calendar, from, business hours, expected instant, why]
    [
      berlin,
      '2026-11-27T14:00:00Z',
      4,
      '2026-11-30T09:00:00.000Z',
      'Fri 15:00 CET: 2 h on Friday, the weekend skipped, 2 h on Monday to 10:00 CET',
    ],
    [
      berlin,
      '2026-12-24T13:00:00Z',
      4,
      '2026-12-28T08:00:00.000Z',
      'Thu 24 Dec 14:00 CET: 3 h, Christmas (Fri) and the weekend skipped, 1 h on Monday to 09:00 CET',
    ],
    [
      utc,
      '2026-12-24T13:00:00Z',
      5,
      '2026-12-25T09:00:00.000Z',
      'without holidays Christmas Day is a working Friday: 4 h on Thursday, 1 h on Friday',
    ],
    [
      berlin,
      '2026-10-23T14:00:00Z',
      4,
      '2026-10-26T10:00:00.000Z',
      'Fri 16:00 CEST: 1 h, then Monday after the clocks went back, 08:00 CET + 3 h = 10:00 UTC',
    ],
    [
      utc,
      '2026-11-30T09:00:00Z',
      8,
      '2026-11-30T17:00:00.000Z',
      'a target ending at the close ends at 17:00, not the next morning',
    ],
    [
      utc,
      '2026-11-28T12:00:00Z',
      1,
      '2026-11-30T09:00:00.000Z',
      'created on a Saturday: the clock starts Monday 08:00',
    ],
    [
      utc,
      '2026-11-30T18:30:00Z',
      2,
      '2026-12-01T10:00:00.000Z',
      'created after hours: the clock starts the next morning',
    ],
  ])('%#: + %s h', (cal, from, hours, expected) => {
    expect(iso(addBusinessMs(cal, t(from), hours * H))).toBe(expected);
  });

  test.each([
    [utc, '2026-11-27T16:00:00Z', '2026-11-30T09:00:00Z', 2, 'Fri 16-17 and Mon 08-09'],
    [
      berlin,
      '2026-12-24T13:00:00Z',
      '2026-12-28T08:00:00Z',
      4,
      'Thu 14-17 CET and Mon 08-09 CET, over Christmas',
    ],
    [utc, '2026-11-30T10:00:00Z', '2026-11-30T09:00:00Z', 0, 'a backwards interval is empty'],
    [utc, '2026-11-28T00:00:00Z', '2026-11-29T23:59:00Z', 0, 'a weekend has no business time'],
  ])('%#: between %s and %s: %d h (%s)', (cal, from, to, hours) => {
    expect(businessMsBetween(cal, t(from), t(to))).toBe(hours * H);
  });
});

describe('SLA clocks', () => {
  const created = t('2026-11-30T09:00:00Z'); // a Monday, UTC calendar
  const eight = newClock(8 * H);
  type Step = (c: SlaClock) => SlaClock;
  const pause =
    (at: string): Step =>
    (c) =>
      pauseClock(c, t(at));
  const resume =
    (at: string): Step =>
    (c) =>
      resumeClock(utc, c, t(at));
  const stop =
    (at: string): Step =>
    (c) =>
      stopClock(utc, c, t(at));
  const reopen =
    (at: string): Step =>
    (c) =>
      reopenClock(utc, c, t(at));

  test.each<[string, number, Step[], string, string, string]>([
    ['runs with most of its time left', 8, [], '2026-11-30T10:00:00Z', '2026-11-30T17:00:00.000Z', 'running'],
    [
      'warns with less than a quarter left (1.5 h of 8)',
      8,
      [],
      '2026-11-30T15:30:00Z',
      '2026-11-30T17:00:00.000Z',
      'warning',
    ],
    ['is breached past its due time', 8, [], '2026-11-30T17:01:00Z', '2026-11-30T17:00:00.000Z', 'breached'],
    [
      'is met when stopped in time',
      8,
      [stop('2026-11-30T16:00:00Z')],
      '2026-12-07T09:00:00Z',
      '2026-11-30T17:00:00.000Z',
      'met',
    ],
    [
      'is breached when stopped late',
      8,
      [stop('2026-12-01T09:00:00Z')],
      '2026-12-07T09:00:00Z',
      '2026-11-30T17:00:00.000Z',
      'breached',
    ],
    // 40 h from Mon 09:00 is Fri 13:00; paused Tue 16:00 to Wed 10:00 = 1 h + 2 h business time.
    [
      'moves its due by the business time paused',
      40,
      [pause('2026-12-01T16:00:00Z'), resume('2026-12-02T10:00:00Z')],
      '2026-12-02T11:00:00Z',
      '2026-12-04T16:00:00.000Z',
      'running',
    ],
    // Paused since Mon 10:00, now Tue 12:00: 7 h + 4 h paused, so 8 + 11 = 19 h: Mon 8, Tue 9, Wed 2.
    [
      'while paused, its due keeps moving',
      8,
      [pause('2026-11-30T10:00:00Z')],
      '2026-12-01T12:00:00Z',
      '2026-12-02T10:00:00.000Z',
      'paused',
    ],
    // Resolved Mon 12:00, reopened Tue 10:00: 5 h + 2 h stood still, so 15 h: Mon 8, Tue 7 to 15:00.
    [
      'reopened, the time it stood resolved counts as paused',
      8,
      [stop('2026-11-30T12:00:00Z'), reopen('2026-12-01T10:00:00Z')],
      '2026-12-01T11:00:00Z',
      '2026-12-01T15:00:00.000Z',
      'running',
    ],
    // 39 of 40 h used by Fri 12:00; paused until Mon 08:00 = 5 h (the weekend is no business time): 45 h.
    [
      'a pause over the weekend moves it by the Friday afternoon only',
      40,
      [pause('2026-12-04T12:00:00Z'), resume('2026-12-07T08:00:00Z')],
      '2026-12-07T08:30:00Z',
      '2026-12-07T09:00:00.000Z',
      'warning',
    ],
  ])('a clock %s', (_what, hours, steps, now, due, state) => {
    const clock = steps.reduce((c, step) => step(c), { ...eight, targetMs: hours * H });
    const s = stateOf(utc, created, clock, t(now));
    expect(iso(s.due)).toBe(due);
    expect(s.state).toBe(state);
  });

  test('a recorded breach stays breached after the clock stops', () => {
    const c = stopClock(utc, { ...eight, breachedAt: t('2026-11-30T17:00:00Z') }, t('2026-12-01T09:00:00Z'));
    expect(stateOf(utc, created, c, t('2026-12-10T09:00:00Z')).state).toBe('breached');
  });

  test.each([
    ['breached', 'warning', 'breached'],
    ['running', 'warning', 'warning'],
    ['paused', 'running', 'running'],
    ['met', 'paused', 'paused'],
    ['met', 'met', 'met'],
  ] as const)('the worse of %s and %s is %s', (a, b, worse) => {
    expect(worseState(a, b)).toBe(worse);
    expect(worseState(b, a)).toBe(worse);
  });
});
