export { catalogRoutes } from './catalog.routes';
export { toItem } from './catalog.service';
export type { ItemRow, SiteRow } from './catalog.repository';
export { getItem, listSites } from './catalog.service';
export { choosePrice } from './pricing';
export type { ChosenPrice, PriceSource } from './pricing';
export { findPrices, findQuoteItems } from './prices.repository';
export type { PriceRow, QuoteItemRow } from './prices.repository';
