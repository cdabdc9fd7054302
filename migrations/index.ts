import type { Knex } from 'knex';
import * as foundation from './20261123_001_foundation';
import * as erpSync from './20261123_002_erp_sync';
import * as orders from './20261123_003_orders';
import * as quotes from './20261201_004_quotes';
import * as orderLinesFillfactor from './20261202_005_order_lines_fillfactor';
import * as orderLinesShipped from './20261202_006_order_lines_shipped';
import * as orderLinesHeld from './20261202_007_order_lines_held';
import * as erpAtpCovering from './20261202_008_erp_atp_covering';
import * as erpDailySums from './20261202_009_erp_daily_sums';
import * as erpLanesReturns from './20261206_010_erp_lanes_returns';
import * as accountSettings from './20261206_011_account_settings';
import * as riskLines from './20261206_014_risk_lines';
import * as deliveryDates from './20261206_012_delivery_dates';
import * as deliveryAlerts from './20261206_013_delivery_alerts';
import * as serviceCases from './20261206_015_service_cases';
import * as metrics from './20261206_016_metrics';
import * as desks from './20261206_017_desks';
import * as syncLockHolder from './20261206_019_sync_lock_holder';
import * as mailClaimHolder from './20261206_020_mail_claim_holder';
import * as promiseLedgerAt from './20261206_029_promise_ledger_at';

export interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Every migration, in order. Listed statically (not read from the folder) so they run the same
 * under tsx, jest and compiled JavaScript. Issues add their own migrations here.
 */
export const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ['20261123_001_foundation', foundation],
  ['20261123_002_erp_sync', erpSync],
  ['20261123_003_orders', orders],
  ['20261201_004_quotes', quotes],
  ['20261202_005_order_lines_fillfactor', orderLinesFillfactor],
  ['20261202_006_order_lines_shipped', orderLinesShipped],
  ['20261202_007_order_lines_held', orderLinesHeld],
  ['20261202_008_erp_atp_covering', erpAtpCovering],
  ['20261202_009_erp_daily_sums', erpDailySums],
  ['20261206_010_erp_lanes_returns', erpLanesReturns],
  ['20261206_011_account_settings', accountSettings],
  ['20261206_012_delivery_dates', deliveryDates],
  ['20261206_013_delivery_alerts', deliveryAlerts],
  ['20261206_014_risk_lines', riskLines],
  ['20261206_015_service_cases', serviceCases],
  ['20261206_016_metrics', metrics],
  ['20261206_017_desks', desks],
  ['20261206_019_sync_lock_holder', syncLockHolder],
  ['20261206_020_mail_claim_holder', mailClaimHolder],
  ['20261206_029_promise_ledger_at', promiseLedgerAt],
];
