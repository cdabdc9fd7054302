export { catalogRoutes } from './catalog.routes';
export { toItem } from './catalog.service';
export type { ItemRow, SiteRow } from './catalog.repository';
export { getItem, listSites } from './catalog.service';
