import type { SimulatorPorts } from '../fixtures/simulator/ports';
import { buildApp } from './app';
import { createUser } from './auth';
import { exportOrders } from './erp';
import { DEFAULT_TERMS, evaluateLine, fulfillmentFigures } from './metrics';
import { ExpireQuotesJob } from './quotes';

/**
 * The plant simulator's view of the app (fixtures/simulator), wired here in the composition root:
 * the demo start (server.ts) and `npm run simulate` hand it in, so the simulator imports no domain.
 */
export const simulatorPorts: SimulatorPorts = {
  buildApp,
  createStaffUser: (deps, user) => createUser(deps.db, null, user),
  expireQuotesJob: ExpireQuotesJob,
  flushOrdersOut: (deps) => exportOrders(deps, {}),
  otif: (lines, basis, today) =>
    fulfillmentFigures(lines.map((l) => evaluateLine(l, basis, DEFAULT_TERMS, today))),
};
