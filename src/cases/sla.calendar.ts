import Holidays from 'date-holidays';
import { parseServiceHours, type ServiceCalendar } from './sla.engine';

/** Whether date-holidays knows an ISO 3166 alpha-2 country code. */
export function isHolidayCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && Object.hasOwn(new Holidays().getCountries(), code);
}

/**
 * The public holidays of a country as a lookup by local date, one year computed at a time and
 * kept: a maintained library's rules (moving feasts, substitute days), not a hand-written list.
 * Only holidays of type `public` close the service desk (not bank, school or observance days).
 */
export function publicHolidays(country: string | null): (date: string) => boolean {
  if (!country) return () => false;
  const hd = new Holidays(country);
  const years = new Map<number, Set<string>>();
  return (date) => {
    const year = Number(date.slice(0, 4));
    let set = years.get(year);
    if (!set) {
      set = new Set(
        (hd.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)),
      );
      years.set(year, set);
    }
    return set.has(date);
  };
}

/** The service desk's calendar from the settings (already validated by config.ts). */
export function serviceCalendar(hours: string, timeZone: string, holidays: string | null): ServiceCalendar {
  const parsed = parseServiceHours(hours);
  if (!parsed) throw new Error(`SERVICE_HOURS is not of the form "Mon-Fri 08:00-17:00": ${hours}`);
  return { timeZone, hours: parsed, isHoliday: publicHolidays(holidays) };
}
