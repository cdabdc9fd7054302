/**
 * Timestamps are stored as ISO-8601 UTC strings and dates as YYYY-MM-DD strings on every
 * dialect: they compare correctly as text, and no driver converts them through a local time zone.
 */
export const nowIso = (): string => new Date().toISOString();

export const todayIso = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addHours(iso: string, hours: number): string {
  return new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString();
}

/** A real calendar date in YYYY-MM-DD (rejects 2026-02-30). */
export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
