export { atpRoutes } from './atp.routes';
export { Promiser, loadPicture } from './atp.service';
