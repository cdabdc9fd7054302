import type { Knex } from 'knex';
import { listCaseDates } from '../cases';
import { notFound } from '../shared/errors';
import { moneyNumber, parseMoney } from '../shared/money';
import { todayIso } from '../shared/time';
import {
  type AccountKnowledge,
  accountKnowledge,
  type KnowledgeInput,
  previousYearValue,
  yearsBefore,
} from './account-knowledge.engine';
import * as repo from './account-knowledge.repository';
import { classifyAccounts } from './commercial.engine';
import { loadMetricFacts } from './metrics-facts';

/** The engine's figures with the account's names and stored class, money as numbers for JSON. */
export interface AccountKnowledgeView extends Omit<AccountKnowledge, 'value12m' | 'valuePrev12m'> {
  name: string;
  erpCustomerId: string | null;
  accountManagerEmail: string | null;
  class: string | null;
  classValue: number | null;
  value12m: number;
  valuePrev12m: number;
  atRisk: boolean;
}

export interface KnowledgeFilter {
  accountId?: string;
  atRisk?: boolean;
  manager?: string;
}

/**
 * Every account's knowledge over the two years ending today. All accounts are read even for one,
 * because last year's class is a ranking of every account's value.
 */
export async function accountsKnowledge(
  db: Knex,
  filter: KnowledgeFilter = {},
  today = todayIso(),
): Promise<AccountKnowledgeView[]> {
  const from = yearsBefore(today, 2);
  const [accounts, facts, cases] = await Promise.all([
    repo.findKnowledgeAccounts(db),
    loadMetricFacts(db, { fromDate: from, toDate: today, byPromise: false }),
    listCaseDates(db, from),
  ]);
  const inputs = new Map<string, KnowledgeInput>(
    accounts.map((a) => [
      a.id,
      { accountId: a.id, erpCustomerId: a.erp_customer_id ?? '', lines: [], decisions: [], cases: [] },
    ]),
  );
  for (const l of facts.lines)
    if (!l.facts.cancelled)
      inputs.get(l.accountId)?.lines.push({
        orderId: l.orderId,
        orderDate: l.facts.orderDate,
        value: l.value,
        promisedDates: l.facts.versions.map((v) => v.confirmedDate!),
      });
  for (const d of facts.decisions) inputs.get(d.accountId)?.decisions.push(d);
  for (const c of cases) inputs.get(c.accountId)?.cases.push(c);
  const lastYearClasses = classifyAccounts(
    [...inputs.values()].map((i) => ({ ...i, value: previousYearValue(i, today) })),
  );

  const chosen = accounts.filter(
    (a) =>
      (filter.accountId === undefined || a.id === filter.accountId) &&
      (filter.manager === undefined || a.account_manager_email === filter.manager),
  );
  if (filter.accountId !== undefined && chosen.length === 0) throw notFound('Account');
  const views = chosen.map((a): AccountKnowledgeView => {
    const k = accountKnowledge(inputs.get(a.id)!, lastYearClasses.get(a.id)!, today);
    return {
      ...k,
      name: a.name,
      erpCustomerId: a.erp_customer_id,
      accountManagerEmail: a.account_manager_email,
      class: a.class,
      classValue: a.class_value === null ? null : moneyNumber(parseMoney(a.class_value)),
      value12m: moneyNumber(k.value12m),
      valuePrev12m: moneyNumber(k.valuePrev12m),
      atRisk: k.signals.length > 0,
    };
  });
  if (filter.atRisk === undefined) return views;
  const wanted = views.filter((v) => v.atRisk === filter.atRisk);
  // At-risk first by how many signals, then by the value at stake.
  return filter.atRisk
    ? wanted.sort((a, b) => b.signals.length - a.signals.length || b.valuePrev12m - a.valuePrev12m)
    : wanted;
}
