import type { Deps } from '../deps';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { nowIso, todayIso } from '../shared/time';
import * as repo from './quotes.repository';

export const ExpireQuotesJob = defineJob<Record<string, never>>({
  name: 'quotes.expire',
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 60_000 },
  validate: compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid'),
});
/** Fixed id: restarts and many workers keep exactly one schedule. */
export const EXPIRE_QUOTES_SCHEDULE_ID = 'quotes-nightly-expiry';
/** Shortly after midnight UTC, the first moment a quote valid "until yesterday" is outdated. */
const EXPIRE_CRON = '15 0 * * *';

/**
 * Marks sent quotes whose validity has ended `expired`, in pages, each quote under its own
 * conditional update: a quote accepted meanwhile stays accepted, and a second run finds nothing.
 */
export async function expireQuotes(deps: Deps, today = todayIso()): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await repo.findExpiredSent(deps.db, today, 200);
    if (!due.length) return expired;
    for (const q of due) {
      await deps.db.transaction(async (trx) => {
        const now = nowIso();
        if (await repo.expireQuote(trx, q.id, Number(q.revision), now)) {
          expired++;
          await repo.insertEvent(trx, {
            quote_id: q.id,
            revision: Number(q.revision),
            kind: 'expired',
            actor_id: null,
            at: now,
            reason: 'validity ended',
            detail: null,
          });
        }
      });
    }
  }
}

export function registerQuoteJobs(deps: Deps): void {
  deps.jobs.register(
    handleJob(ExpireQuotesJob, async () => {
      const n = await expireQuotes(deps);
      if (n) deps.logger.info({ expired: n }, 'quotes expired');
    }),
  );
}

export async function scheduleQuoteJobs(deps: Deps): Promise<void> {
  await deps.jobs.schedule(
    ExpireQuotesJob,
    {},
    { id: EXPIRE_QUOTES_SCHEDULE_ID, cron: EXPIRE_CRON, tz: 'UTC' },
  );
}
