import type { Knex } from 'knex';
import { QUOTE_CASES } from './quotes';
import { MAIL_CASES } from './mail';
import { ACCOUNT_CASES } from './accounts';
import { ALERT_CASES } from './alerts';
import { ORDER_BUYER_CASES } from './orders-buyer';
import { RISK_CASES } from './risk';
import { DELIVERY_CASES } from './delivery';
import { CASE_CASES } from './cases';
import { CASE_CHANNEL_CASES } from './case-channels';
import { METRICS_CASES } from './metrics';
import { DESK_CASES } from './desk';
import { KNOWLEDGE_CASES } from './knowledge';
import { ORDER_ALLOCATION_CASES } from './orders-allocation';
import { RISK_NOTE_CASES } from './risk-notes';
import { RISK_FILTER_CASES } from './risk-filters';
import { ATP_CASES } from './atp';
import { ADMIN_CASES } from './admin';

/** One compile case per exported repository function; see REPOSITORY_CASES in mssql-compile.test.ts. */
export type RepositoryCase = (db: Knex) => Promise<unknown>;
export type RepositoryCases = Record<string, Record<string, RepositoryCase>>;

/** Cases kept beside their domain so that each domain's repository adds its own without touching the others'. */
export const DOMAIN_REPOSITORY_CASES: RepositoryCases = {
  ...QUOTE_CASES,
  ...MAIL_CASES,
  ...ACCOUNT_CASES,
  ...ALERT_CASES,
  ...ORDER_BUYER_CASES,
  ...RISK_CASES,
  ...DELIVERY_CASES,
  ...CASE_CASES,
  ...CASE_CHANNEL_CASES,
  ...METRICS_CASES,
  ...DESK_CASES,
  ...KNOWLEDGE_CASES,
  ...ORDER_ALLOCATION_CASES,
  ...RISK_NOTE_CASES,
  ...RISK_FILTER_CASES,
  ...ATP_CASES,
  ...ADMIN_CASES,
};

export const NOW = '2026-11-23T10:00:00.000Z';
export const ID = '00000000-0000-4000-8000-000000000001';
