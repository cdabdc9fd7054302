export * from './fulfillment.engine';
export * from './commercial.engine';
