import type { Knex } from 'knex';
import { addDays } from '../shared/time';
import { findTransitDays } from './delivery.repository';

/**
 * Dates by Incoterm (contract: "Delivery: dates by Incoterm"). Under the D rules the seller
 * delivers at the named place, so the promise is the arrival date; under every other rule (and
 * without one) it is the ship date. ATP and the reservations always work in ship dates at the site.
 */
export const D_TERMS: readonly string[] = ['DAP', 'DPU', 'DDP'];

export type PromisedBy = 'ship' | 'arrival';

/** How a line is dated: the lane's transit days (null when unknown), which date is promised, and why not arrival. */
export interface DateBasis {
  transitDays: number | null;
  promisedBy: PromisedBy;
  note: string | null;
}

export const SHIP_BASIS: DateBasis = { transitDays: null, promisedBy: 'ship', note: null };

/**
 * The basis of a line shipped from `site` to a customer in `country` under `incoterm`. The lane
 * is looked up for every rule (the arrival date is worth showing even when the ship date is the
 * promise); under a D rule a missing lane falls back to the ship date and says which lane is missing.
 */
export function basisOf(
  incoterm: string | null | undefined,
  site: string,
  country: string | null,
  transitDays: number | null,
): DateBasis {
  const dTerm = incoterm != null && D_TERMS.includes(incoterm);
  if (transitDays !== null) return { transitDays, promisedBy: dTerm ? 'arrival' : 'ship', note: null };
  if (!dTerm) return SHIP_BASIS;
  const to = country ? `to ${country}` : "to the customer's country (the account has none)";
  return {
    transitDays: null,
    promisedBy: 'ship',
    note: `no transit lane from ${site} ${to}: ${incoterm} line promised on its ship date`,
  };
}

/** The date ATP is asked for: under an arrival promise, the ship date that arrives on the requested date. */
export function shipRequestDate(
  requestedDate: string,
  basis: Pick<DateBasis, 'transitDays' | 'promisedBy'>,
): string {
  return basis.promisedBy === 'arrival' && basis.transitDays !== null
    ? addDays(requestedDate, -basis.transitDays)
    : requestedDate;
}

/** A line's dates from the ship date ATP gave: the arrival date, and the promised one of the two. */
export function datesOf(
  shipDate: string | null,
  basis: Pick<DateBasis, 'transitDays' | 'promisedBy'>,
): {
  shipDate: string | null;
  arrivalDate: string | null;
  promisedBy: PromisedBy;
  promisedDate: string | null;
} {
  const arrivalDate =
    shipDate !== null && basis.transitDays !== null ? addDays(shipDate, basis.transitDays) : null;
  const promisedBy = basis.promisedBy === 'arrival' && basis.transitDays !== null ? 'arrival' : 'ship';
  return {
    shipDate,
    arrivalDate,
    promisedBy,
    promisedDate: promisedBy === 'arrival' ? arrivalDate : shipDate,
  };
}

/** Resolves the bases of many lines of one customer at once (one query per distinct site). */
export async function resolveBases(
  db: Knex,
  incoterm: string | null | undefined,
  country: string | null,
  sites: readonly string[],
): Promise<DateBasis[]> {
  const lanes = country ? await findTransitDays(db, [...new Set(sites.filter(Boolean))], country) : new Map();
  return sites.map((site) => (site ? basisOf(incoterm, site, country, lanes.get(site) ?? null) : SHIP_BASIS));
}

/** The stored columns of a basis. */
export const basisColumns = (b: DateBasis) => ({
  transit_days: b.transitDays,
  promised_by: b.promisedBy,
  date_note: b.note,
});

/** A basis read back from a line's columns. */
export const basisOfRow = (r: { transit_days?: number | string | null; promised_by?: string | null }) => ({
  transitDays: r.transit_days === null || r.transit_days === undefined ? null : Number(r.transit_days),
  promisedBy: (r.promised_by === 'arrival' ? 'arrival' : 'ship') as PromisedBy,
});
