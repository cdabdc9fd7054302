import type { Knex } from 'knex';
import { AppError } from '../errors';

export const ROLES = ['admin', 'account_manager', 'planner', 'service', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved once per request from a bearer token or a session cookie. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  /** Set for customer users only: the one account they belong to. */
  accountId: string | null;
  via: 'token' | 'session';
}

/**
 * The one place that scopes a customer user's reads to its account. Every repository query
 * over account-owned rows goes through scopeToAccount, so a domain cannot forget it; a
 * customer asking for another account's record finds nothing and answers 404.
 */
export type AccountScope = { kind: 'all' } | { kind: 'account'; accountId: string };

export function accountScopeOf(actor: Actor): AccountScope {
  if (actor.role !== 'customer') return { kind: 'all' };
  if (!actor.accountId) throw new AppError('forbidden', 'This customer user has no account');
  return { kind: 'account', accountId: actor.accountId };
}

export const ALL_ACCOUNTS: AccountScope = { kind: 'all' };

export function scopeToAccount<Q extends Knex.QueryBuilder>(
  query: Q,
  scope: AccountScope,
  column = 'account_id',
): Q {
  return scope.kind === 'all' ? query : (query.where(column, scope.accountId) as Q);
}

/** For writes that name an account: a customer may act only for its own (others answer 404). */
export function assertActsFor(scope: AccountScope, accountId: string, what = 'Account'): void {
  if (scope.kind === 'account' && scope.accountId !== accountId)
    throw new AppError('not_found', `${what} not found`);
}
