import { unreadCount } from '../alerts';
import type { Deps } from '../deps';
import type { Actor, Role } from '../shared/http/actor';
import { countFollowUpsDue, countOpenRequestsFor, countPendingApprovals } from '../desk';
import { redactError } from '../shared/logger';

/** One link of the main navigation: who sees it, and what the home page says of it. */
export interface NavEntry {
  label: string;
  href: string;
  roles: readonly Role[];
  /** The line the home page shows beside the link, for the roles it needs saying to. */
  hint?: Partial<Record<Role, string>>;
  /** A number beside the label ("Quote requests (3)"); null shows none. */
  count?: (deps: Deps, actor: Actor) => Promise<number | null>;
}

/** A link as the nav partial renders it. */
export interface NavLink {
  label: string;
  href: string;
  hint?: string;
  count?: number;
  current: boolean;
}

/**
 * The main navigation of every signed-in page and the links of the home page, by role. The roles
 * here only choose what is shown: each page still checks its own roles, so a link left out is
 * never a hole and a link shown to a role its page refuses is a 403, not a leak.
 */
export const NAVIGATION: readonly NavEntry[] = [
  {
    label: 'Quotes',
    href: '/quotes',
    roles: ['admin', 'account_manager', 'customer'],
    hint: {
      customer: 'the quotations we sent you',
      admin: 'the count is of quotes waiting for your approval',
    },
    count: (deps, actor) => (actor.role === 'admin' ? countPendingApprovals(deps.db) : Promise.resolve(null)),
  },
  {
    label: 'Quote requests',
    href: '/quote-requests',
    roles: ['admin', 'account_manager', 'customer'],
    // The account manager's: open requests assigned to them or to nobody.
    count: (deps, actor) =>
      actor.role === 'account_manager' ? countOpenRequestsFor(deps.db, actor) : Promise.resolve(null),
  },
  {
    label: 'Orders',
    href: '/orders',
    roles: ['admin', 'account_manager', 'planner', 'service', 'customer'],
    hint: {
      customer: 'your orders and their confirmed dates',
      planner: 'confirmed dates and their history',
    },
  },
  { label: 'Ask for a quotation', href: '/quote-requests/new', roles: ['customer'] },
  {
    label: 'Availability',
    href: '/availability',
    roles: ['admin', 'account_manager', 'planner', 'service'],
    hint: { planner: 'what can be promised of an item, day by day' },
  },
  { label: 'New order', href: '/orders/new', roles: ['admin', 'account_manager'] },
  {
    label: 'Inbox',
    href: '/inbox',
    // Those whom delivery alerts reach: an account's manager (by the ERP's e-mail) and its buyers.
    roles: ['admin', 'account_manager', 'customer'],
    hint: {
      customer: 'deliveries due, late or moved',
      account_manager: "your accounts' deliveries due, late or moved",
    },
    // Unread only; none shows no number.
    count: async (deps, actor) => (await unreadCount(deps.db, actor)) || null,
  },
  {
    label: 'Service cases',
    href: '/cases',
    roles: ['admin', 'account_manager', 'service', 'customer'],
    hint: { customer: 'problems you reported and our answers', service: 'the queue, most urgent first' },
  },
  {
    label: 'Fulfillment risk',
    href: '/planning/risk',
    roles: ['admin', 'account_manager', 'planner'],
    hint: { planner: 'open lines whose promise is in danger, and why' },
  },
  {
    label: 'Fulfillment metrics',
    href: '/metrics',
    roles: ['admin', 'account_manager', 'planner', 'service'],
    hint: {
      planner: 'OTIF, lead times, hit rate and promise churn, down to the lines',
      account_manager: 'how we deliver to your accounts, and why quotes were lost',
    },
  },
  {
    label: 'Delivery performance',
    href: '/portal/deliveries',
    roles: ['customer'],
    hint: { customer: 'how on time and in full we delivered to you, month by month' },
  },
  {
    label: 'Accounts',
    href: '/accounts',
    roles: ['admin', 'account_manager', 'planner', 'service'],
    hint: { account_manager: 'customers with their contacts and history' },
  },
  {
    label: 'Follow-ups',
    href: '/follow-ups',
    roles: ['admin', 'account_manager', 'planner', 'service'],
    hint: { account_manager: "the team's follow-ups by day or week" },
    // Your own open follow-ups due by the end of today.
    count: (deps, actor) => countFollowUpsDue(deps.db, actor),
  },
  {
    label: 'Users',
    href: '/users',
    roles: ['admin'],
    hint: { admin: 'add users, change roles, deactivate' },
  },
  {
    label: 'ERP sync',
    href: '/erp/sync-runs',
    roles: ['admin', 'planner'],
    hint: { admin: 'start a sync, its runs and quarantined rows', planner: 'start a sync and watch it' },
  },
];

/** The entry whose path is the longest prefix of the page's, so /orders/new is not also "Orders". */
function currentHref(entries: readonly NavEntry[], path: string): string | undefined {
  const under = (href: string) => path === href || path.startsWith(`${href}/`);
  return entries
    .filter((e) => under(e.href))
    .sort((a, b) => b.href.length - a.href.length)
    .map((e) => e.href)[0];
}

/** The links the actor's role sees, with their counts; a count that fails is left out, not the page. */
export async function navigationFor(
  deps: Deps,
  actor: Actor,
  path: string,
  table: readonly NavEntry[] = NAVIGATION,
): Promise<NavLink[]> {
  const entries = table.filter((e) => e.roles.includes(actor.role));
  const current = currentHref(entries, path);
  return Promise.all(
    entries.map(async (e) => {
      const count = e.count
        ? await e.count(deps, actor).catch((err: unknown) => {
            deps.logger.warn({ err: redactError(err), href: e.href }, 'navigation count failed');
            return null;
          })
        : null;
      const hint = e.hint?.[actor.role];
      return {
        label: e.label,
        href: e.href,
        current: e.href === current,
        ...(hint !== undefined && { hint }),
        ...(count !== null && { count }),
      };
    }),
  );
}
