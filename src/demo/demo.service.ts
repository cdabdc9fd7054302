import crypto from 'node:crypto';
import { AccountRow, findFirstAccount, insertAccount, listAccounts } from '../accounts';
import { markInboxReadBefore } from '../alerts';
import { createUser } from '../auth';
import type { Deps } from '../deps';
import type { Actor, Role } from '../shared/http/actor';
import { addDays, nowIso, todayIso } from '../shared/time';
import { DEMO_SEED, loadDemoErpData } from './demo-erp';
import { seedDemoQuotes } from './demo-quotes';

/** Public on purpose: the demo is for trying FactoryDesk; production runs with DEMO_DATA=off. */
export const DEMO_PASSWORD = 'factorydesk-demo';

/** Weeks of history the demo start simulates, ending today. */
export const DEMO_WEEKS = 26;

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
 * Loads the demo company on an empty database: one user of every role, then `weeks` of history
 * up to today made by the plant simulator through the HTTP API and the nightly file-drop sync
 * (or, when the drop folder already holds files, those files loaded once); the customer user
 * belongs to the first customer account. Then the negotiation in progress of demo-quotes.ts.
 */
export interface DemoHistoryOptions {
  seed: number;
  days: number;
  end: string;
  staff: { admin: Login; manager: Login; planner: Login };
  /** Called once the first sync made the accounts, with the ERP customer ids by volume, largest first. */
  portalUsers: (customersByVolume: string[]) => Promise<Record<string, Login>>;
  progress: (line: string) => void;
}
interface Login {
  email: string;
  password: string;
}

/**
 * The plant simulator (fixtures/simulator), handed in by the composition root: it drives the
 * whole app over HTTP, so a domain may not import it.
 */
export type DemoHistory = (options: DemoHistoryOptions) => Promise<unknown>;

export async function seedDemo(
  deps: Deps,
  {
    history,
    weeks = DEMO_WEEKS,
    onProgress,
  }: { history?: DemoHistory; weeks?: number; onProgress?: (line: string) => void } = {},
): Promise<DemoLogin[]> {
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
  const login = (role: Role) => ({ email: staff.get(role)!.email, password: DEMO_PASSWORD });
  let buyerLogin: DemoLogin | null = null;
  const createBuyer = async (preferred: string[] = []) => {
    const account = await ensureDemoAccount(deps, preferred);
    const customerEmail = 'buyer@demo.factorydesk.test';
    const buyer = await createUser(deps.db, null, {
      email: customerEmail,
      password: DEMO_PASSWORD,
      role: 'customer',
      accountId: account.id,
      name: 'Bea Buyer',
    });
    buyerLogin = { email: customerEmail, password: DEMO_PASSWORD, role: 'customer', account: account.name };
    return { buyer, account };
  };
  let made: Awaited<ReturnType<typeof createBuyer>> | null = null;
  const loaded = history ? await loadDemoErpData(deps, true) : await loadDemoErpData(deps);
  if (loaded) {
    made = await createBuyer();
  } else {
    // The demo's history: the plant simulator runs its weeks up to today through the real paths.
    await history!({
      seed: DEMO_SEED,
      days: weeks * 7,
      end: todayIso(),
      staff: { admin: login('admin'), manager: login('account_manager'), planner: login('planner') },
      // The demo buyer works for the largest customer, so its portal is busy from the first weeks.
      portalUsers: async (customersByVolume) => {
        made = await createBuyer(customersByVolume);
        const { email, password } = buyerLogin!;
        return made.account.erp_customer_id ? { [made.account.erp_customer_id]: { email, password } } : {};
      },
      progress: (line) => {
        console.log(`demo company: ${line}`);
        onProgress?.(line);
      },
    });
    // The demo's people have worked through their inboxes up to last week, as a running desk has.
    await markInboxReadBefore(deps.db, `${addDays(todayIso(), -7)}T00:00:00.000Z`);
  }
  const { buyer, account } = made!;
  const customerEmail = buyer.email as string;
  logins.push(buyerLogin!);
  await seedDemoQuotes(
    deps,
    { id: buyer.id, email: customerEmail, accountId: account.id, erpCustomerId: account.erp_customer_id },
    staff.get('account_manager')!,
  );
  return logins;
}

/** The loader reads accounts as an administrator would. */
const SYSTEM: Actor = {
  userId: 'demo-loader',
  email: 'demo-loader',
  role: 'admin',
  accountId: null,
  via: 'token',
};

async function ensureDemoAccount(
  deps: Deps,
  preferred: string[],
): Promise<{ id: string; name: string; erp_customer_id: string | null }> {
  for (const erpCustomerId of preferred) {
    const found = (await listAccounts(deps.db, SYSTEM, { erpCustomerId, limit: '1' })).items[0];
    if (found) return { id: found.id, name: found.name, erp_customer_id: erpCustomerId };
  }
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
