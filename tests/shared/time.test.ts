import { todayIn, todayIso } from '../../src/shared/time';

describe('todayIn', () => {
  const lateEvening = new Date('2026-12-01T23:30:00Z');
  const earlyMorning = new Date('2026-12-01T03:00:00Z');

  test.each([
    ['Europe/Berlin', lateEvening, '2026-12-02'], // UTC+1: already tomorrow
    ['America/Chicago', lateEvening, '2026-12-01'], // UTC-6: still today
    ['Asia/Shanghai', earlyMorning, '2026-12-01'], // UTC+8: 11:00 the same day
    ['America/Los_Angeles', earlyMorning, '2026-11-30'], // UTC-8: yesterday evening
    ['Pacific/Kiritimati', new Date('2026-12-31T10:00:00Z'), '2027-01-01'], // UTC+14: a new year
  ])('in %s at %s it is %s', (zone, now, expected) => {
    expect(todayIn(zone, now)).toBe(expected);
  });

  test('no time zone, or one that does not exist, is UTC', () => {
    expect(todayIn(null, lateEvening)).toBe('2026-12-01');
    expect(todayIn('', lateEvening)).toBe('2026-12-01');
    expect(todayIn('Mars/Olympus_Mons', lateEvening)).toBe(todayIso(lateEvening));
  });
});
