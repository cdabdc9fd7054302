/**
 * The domain events, one file per publishing domain: each is the published language between a
 * domain and whoever listens, so it lives here, where publisher and listeners both may import it,
 * and two domains that listen to each other never import each other for it.
 */
export * from './alerts.events';
export * from './erp.events';
export * from './orders.events';
export * from './quotes.events';
export * from './cases.events';
