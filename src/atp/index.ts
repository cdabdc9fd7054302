export { atpRoutes } from './atp.routes';
export { Promiser, loadPicture } from './atp.service';
export { computeBuckets, atpOn } from './atp.engine';
export { toMilli, fromMilli } from './quantity';
export type { Bucket } from './atp.types';
