import { currentTime } from '../shared/clock';
import type { Knex } from 'knex';
import { writeAudit } from '../shared/audit.repository';
import type { Actor } from '../shared/http/actor';
import * as repo from './cases.repository';
import type { Priority, SlaTarget, SlaTargets } from './cases.schemas';

const toTarget = (r: repo.SlaTargetRow): SlaTarget => ({
  priority: r.priority as Priority,
  firstResponseHours: Number(r.first_response_minutes) / 60,
  resolutionHours: Number(r.resolution_minutes) / 60,
});

export async function getSlaTargets(db: Knex): Promise<SlaTargets> {
  return { targets: (await repo.findSlaTargets(db)).map(toTarget) };
}

/**
 * Changes the targets of the priorities given (others stay). A case keeps the targets it was
 * opened with: a new policy applies to new cases, so no running clock jumps.
 */
export async function putSlaTargets(
  db: Knex,
  actor: Actor,
  input: SlaTargets,
  requestId?: string,
  now = currentTime(),
): Promise<SlaTargets> {
  await db.transaction(async (trx) => {
    for (const t of input.targets)
      await repo.updateSlaTarget(trx, {
        priority: t.priority,
        first_response_minutes: Math.round(t.firstResponseHours * 60),
        resolution_minutes: Math.round(t.resolutionHours * 60),
        updated_at: now.toISOString(),
        updated_by: actor.userId,
      });
    await writeAudit(trx, {
      actor,
      action: 'cases.sla_targets_changed',
      entity: 'sla_targets',
      detail: { targets: input.targets },
      ...(requestId && { requestId }),
    });
  });
  return getSlaTargets(db);
}
