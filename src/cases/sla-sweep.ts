import type { Deps } from '../deps';
import { currentTime } from '../shared/clock';
import { breachEvent, calendarOf, clockColumns, clocksOf, newBreaches } from './case-sla';
import * as repo from './cases.repository';
import { insertEvents, lastSeqs, lockCases, type SweptCase, updateSweptCases } from './sla-sweep.repository';

/** Cases settled per transaction: one lock, one read, one write, one append per page instead of per case. */
const SWEEP_PAGE = 200;

/**
 * Records every breach that has happened by `now`: scheduled, and idempotent. A page of due cases
 * is locked and re-read in one transaction, so a breach recorded meanwhile (by a request or a
 * second worker) is seen and not recorded again; each breach goes on the case's row and timeline
 * at the instant it happened. Stored dues of paused clocks move on. Returns the breaches recorded.
 * Set-wise because a sweep after an outage may find every open case due (bench:cases: 20,000).
 */
export async function sweepSla(deps: Pick<Deps, 'db' | 'config'>, now = currentTime()): Promise<number> {
  const cal = calendarOf(deps.config);
  const t = now.getTime();
  let recorded = 0;
  let after: string | null = null;
  for (;;) {
    const due = await repo.findDueCases(deps.db, now.toISOString(), after, SWEEP_PAGE);
    if (due.length > 0)
      recorded += await deps.db.transaction(async (trx) => {
        const ids = due.map((d) => d.id);
        const rows = await lockCases(trx, ids);
        const seqs = await lastSeqs(trx, ids);
        const events: repo.CaseEventRow[] = [];
        const swept: SweptCase[] = [];
        for (const row of rows) {
          let clocks = clocksOf(row);
          const breachedAt: Record<'fr' | 'res', string | null> = { fr: null, res: null };
          let seq = seqs.get(row.id) ?? 0;
          for (const { clock, at } of newBreaches(cal, row.created_at, clocks, t)) {
            const atIso = new Date(at).toISOString();
            breachedAt[clock] = atIso;
            clocks = { ...clocks, [clock]: { ...clocks[clock], breachedAt: at } };
            events.push({ ...breachEvent(row.id, clock, atIso), seq: ++seq });
          }
          swept.push({
            id: row.id,
            fr_breached_at: breachedAt.fr,
            res_breached_at: breachedAt.res,
            ...(clockColumns(cal, row.created_at, clocks, t) as Omit<
              SweptCase,
              'id' | `${'fr' | 'res'}_breached_at`
            >),
          });
        }
        await updateSweptCases(trx, swept);
        await insertEvents(trx, events);
        return events.length;
      });
    if (due.length < SWEEP_PAGE) return recorded;
    after = due[due.length - 1]!.id;
  }
}
