import type { Deps } from '../deps';
import { currentTime } from '../shared/clock';
import { SlaWarned } from '../shared/events';
import { ALL_ACCOUNTS } from '../shared/http/actor';
import { inTransaction } from '../shared/jobs';
import { calendarOf, clockColumns, clocksOf } from './case-sla';
import * as repo from './cases.repository';
import { stateOf } from './sla.engine';

const PAGE = 200;
const NAMES = { fr: 'first_response', res: 'resolution' } as const;

/**
 * Warns before a breach: each counting clock of a case in `new` or `open` that is in its warning
 * (less than 25 % of its target's business time left) is claimed once (`*_warned_at`, a
 * conditional update under the case's lock), put on the timeline and announced (SlaWarned), so
 * notifications mails and inboxes the assignee and the team lead. A second run, or a second
 * worker, warns nobody twice. Returns the warnings raised.
 */
export async function sweepSlaWarnings(deps: Deps, now = currentTime()): Promise<number> {
  const cal = calendarOf(deps.config);
  const t = now.getTime();
  const at = now.toISOString();
  let raised = 0;
  let after: string | null = null;
  for (;;) {
    const candidates = await repo.findWarnCandidates(deps.db, at, after, PAGE);
    for (const candidate of candidates) {
      await inTransaction(deps, async (trx, publish) => {
        const row = await repo.lockCase(trx, ALL_ACCOUNTS, candidate.id);
        if (!row || (row.status !== 'new' && row.status !== 'open')) return;
        const clocks = clocksOf(row);
        const created = Date.parse(row.created_at);
        for (const clock of ['fr', 'res'] as const) {
          if (row[`${clock}_warned_at`]) continue;
          if (stateOf(cal, created, clocks[clock], t).state !== 'warning') continue;
          if (!(await repo.markWarned(trx, row.id, clock, at))) continue;
          await repo.appendEvent(trx, {
            case_id: row.id,
            at,
            kind: 'sla_warning',
            actor_id: null,
            internal: true,
            body: null,
            from_value: null,
            to_value: null,
            detail: NAMES[clock],
          });
          publish(SlaWarned, { caseId: row.id, clock: NAMES[clock] });
          raised++;
        }
        await repo.updateCase(trx, row.id, clockColumns(cal, row.created_at, clocks, t));
      });
    }
    if (candidates.length < PAGE) return raised;
    after = candidates[candidates.length - 1]!.id;
  }
}
