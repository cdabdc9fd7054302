/** Pricing moved to the catalog domain, which order intake prices direct orders from too. */
export { choosePrice } from '../catalog';
export type { ChosenPrice, PriceSource } from '../catalog';
