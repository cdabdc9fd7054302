import type { Deps } from '../deps';
import { currentTime } from '../shared/clock';
import { AppError } from '../shared/errors';
import { ALL_ACCOUNTS, type Actor } from '../shared/http/actor';
import { S } from '../shared/http/validation';
import * as repo from './cases.repository';

export const bulkReassignSchema = S.object({ fromUserId: S.id, toUserId: S.id, reason: S.str(500) }, [
  'fromUserId',
  'toUserId',
]);
export interface BulkReassign {
  fromUserId: string;
  toUserId: string;
  reason?: string;
}

/** What someone away leaves: their cases not yet resolved. */
const UNFINISHED = ['new', 'open', 'waiting_on_customer'];

/**
 * Hands every unfinished case of one staff member (away, ill, gone) to another, in one
 * transaction: each case locked, its `assigned` entry on the timeline with the reason. Cases
 * assigned to someone else meanwhile are left alone. Returns the cases moved.
 */
export async function reassignAll(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: BulkReassign,
  now = currentTime(),
): Promise<{ moved: number; caseIds: string[] }> {
  if (input.fromUserId === input.toUserId)
    throw new AppError('validation_failed', 'Request is invalid', [
      { path: '/toUserId', message: 'must differ from fromUserId' },
    ]);
  if (!(await repo.findStaffUser(deps.db, input.toUserId)))
    throw new AppError(
      'business_rule',
      'Cases are assigned to active service, account manager or admin users',
      [{ path: '/toUserId', message: 'is not an active staff user' }],
    );
  const at = now.toISOString();
  const caseIds: string[] = [];
  await deps.db.transaction(async (trx) => {
    for (const id of await repo.findAssignedCaseIds(trx, input.fromUserId, UNFINISHED)) {
      const row = await repo.lockCase(trx, ALL_ACCOUNTS, id);
      if (!row || row.assignee_id !== input.fromUserId || !UNFINISHED.includes(row.status)) continue;
      await repo.appendEvent(trx, {
        case_id: id,
        at,
        kind: 'assigned',
        actor_id: actor.userId,
        internal: false,
        body: input.reason ?? null,
        from_value: input.fromUserId,
        to_value: input.toUserId,
        detail: 'bulk reassignment',
      });
      await repo.updateCase(trx, id, { assignee_id: input.toUserId, updated_at: at });
      caseIds.push(id);
    }
  });
  return { moved: caseIds.length, caseIds };
}

/** The people cases can be handed to (the reassign form's choices). */
export const listAssignableStaff = (deps: Pick<Deps, 'db'>) => repo.findStaffUsers(deps.db);
