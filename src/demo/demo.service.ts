import crypto from 'node:crypto';
import { AccountRow, findFirstAccount, insertAccount } from '../accounts';
import { createUser } from '../auth';
import type { Deps } from '../deps';
import type { Role } from '../shared/http/actor';
import { nowIso } from '../shared/time';
import { loadDemoErpData } from './demo-erp';
import { seedDemoQuotes } from './demo-quotes';

/** Public on purpose: the demo is for trying FactoryDesk; production runs with DEMO_DATA=off. */
export const DEMO_PASSWORD = 'factorydesk-demo';

const DEMO_STAFF: Array<{ email: string; role: Role; name: string }> = [
  { email: 'admin@demo.factorydesk.test', role: 'admin', name: 'Ada Admin' },
  { email: 'am@demo.factorydesk.test', role: 'account_manager', name: 'Max Account' },
  { email: 'planner@demo.factorydesk.test', role: 'planner', name: 'Paula Planner' },
  { email: 'service@demo.factorydesk.test', role: 'service', name: 'Sam Service' },
];

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  account?: string;
}

/**
 * Loads the demo company on an empty database: first the ERP data through the sync path, then
 * one user of every role; the customer user belongs to the first customer account.
 */
export async function seedDemo(deps: Deps): Promise<DemoLogin[]> {
  await loadDemoErpData(deps);
  const account = await ensureDemoAccount(deps);
  const logins: DemoLogin[] = [];
  const staff = new Map<Role, { id: string; email: string }>();
  for (const u of DEMO_STAFF) {
    const user = await createUser(deps.db, null, {
      email: u.email,
      password: DEMO_PASSWORD,
      role: u.role,
      name: u.name,
    });
    staff.set(u.role, { id: user.id, email: u.email });
    logins.push({ email: u.email, password: DEMO_PASSWORD, role: u.role });
  }
  const customerEmail = 'buyer@demo.factorydesk.test';
  const buyer = await createUser(deps.db, null, {
    email: customerEmail,
    password: DEMO_PASSWORD,
    role: 'customer',
    accountId: account.id,
    name: 'Bea Buyer',
  });
  logins.push({ email: customerEmail, password: DEMO_PASSWORD, role: 'customer', account: account.name });
  await seedDemoQuotes(
    deps,
    { id: buyer.id, email: customerEmail, accountId: account.id, erpCustomerId: account.erp_customer_id },
    staff.get('account_manager')!,
  );
  return logins;
}

async function ensureDemoAccount(
  deps: Deps,
): Promise<{ id: string; name: string; erp_customer_id: string | null }> {
  const first = await findFirstAccount(deps.db);
  if (first) return first;
  const now = nowIso();
  const row: AccountRow = {
    id: crypto.randomUUID(),
    erp_customer_id: null,
    name: 'Demo Customer GmbH',
    country: null,
    currency: 'EUR',
    payment_terms: null,
    credit_limit: null,
    account_manager_email: null,
    active: true,
    created_at: now,
    updated_at: now,
  };
  await insertAccount(deps.db, row);
  return row;
}
