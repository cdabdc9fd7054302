import fs from 'node:fs';
import path from 'node:path';
import {
  currentTime,
  shiftedClock,
  shiftToMidday,
  systemClock,
  TestClock,
  useClock,
} from '../../src/shared/clock';
import { nowIso, todayIn, todayIso } from '../../src/shared/time';

describe('the clock', () => {
  test('nowIso, todayIso and todayIn read the installed clock, and restoring puts the previous one back', () => {
    const before = nowIso();
    const restore = useClock(new TestClock('2026-12-06T23:40:00Z'));
    try {
      expect([nowIso(), todayIso(), todayIn('Europe/Berlin'), todayIn('America/Chicago')]).toEqual([
        '2026-12-06T23:40:00.000Z',
        '2026-12-06',
        '2026-12-07',
        '2026-12-06',
      ]);
    } finally {
      restore();
    }
    expect(nowIso() >= before).toBe(true);
    expect(currentTime().getTime()).toBeGreaterThanOrEqual(Date.parse(before));
  });

  test('a standing test clock moves only when set or advanced', () => {
    const clock = new TestClock('2026-03-29T00:30:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-03-29T00:30:00.000Z');
    clock.advance({ days: 1, hours: 2, minutes: 3, seconds: 4, ms: 5 });
    expect(clock.now().toISOString()).toBe('2026-03-30T02:33:04.005Z');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(() => clock.set('not a date')).toThrow('not an instant');
  });

  test('a running test clock starts where it is set and never goes back', () => {
    const clock = new TestClock('2026-12-31T23:59:59Z', { running: true });
    const first = clock.now().getTime();
    const second = clock.now().getTime();
    expect(first).toBeGreaterThanOrEqual(Date.parse('2026-12-31T23:59:59Z'));
    expect(second).toBeGreaterThanOrEqual(first);
  });

  test('a shifted clock is the system time moved by its shift; the midday shift lands on 12:00 UTC of the same date', () => {
    const at = new Date('2026-12-06T23:40:00Z');
    expect(new Date(at.getTime() + shiftToMidday(at)).toISOString()).toBe('2026-12-06T12:00:00.000Z');
    const from = systemClock.now().getTime();
    const shifted = shiftedClock(86_400_000).now().getTime() - 86_400_000;
    const to = systemClock.now().getTime();
    expect(shifted >= from && shifted <= to).toBe(true);
  });
});

/** `Date.now(` or an argument-less `new Date()` or `Date()`: the system time read around the clock. */
const SYSTEM_TIME = /\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)|(^|[^\w.$])Date\s*\(\s*\)/;
const CLOCK_MODULE = path.join('src', 'shared', 'clock.ts');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(file);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [file] : [];
  });
}

describe('reading the time', () => {
  const root = path.join(__dirname, '..', '..');

  test('the check recognises each way of reading the system time, and not a date made from a value', () => {
    const hits = [
      'const t = Date.now();',
      'x = new Date().toISOString()',
      'new Date( )',
      'const s = Date();',
      'f(new Date(), 1)',
    ].filter((line) => SYSTEM_TIME.test(line));
    expect(hits).toHaveLength(5);
    const misses = ['new Date(iso)', 'Date.parse(now)', 'new Date(`${d}T00:00:00Z`)', 'isValidDate()'].filter(
      (line) => SYSTEM_TIME.test(line),
    );
    expect(misses).toEqual([]);
  });

  test('nothing in src/ or connectors/ reads the system time except the clock module', () => {
    const hits = ['src', 'connectors']
      .flatMap((dir) => sourceFiles(path.join(root, dir)))
      .filter((file) => path.relative(root, file) !== CLOCK_MODULE)
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            SYSTEM_TIME.test(line) ? [`${path.relative(root, file)}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
    expect(hits).toEqual([]);
  });
});
