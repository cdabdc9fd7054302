import { nowIso } from '../shared/time';

export { nowIso };

/** The instant `minutes` later (earlier when negative), in the stored ISO format. */
export const addMinutesIso = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();
