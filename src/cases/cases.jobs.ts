import type { Deps } from '../deps';
import { CaseReplied, ErpSynced, RmaAuthorized } from '../shared/events';
import { compileValidator, S } from '../shared/http/validation';
import { defineJob, handleJob } from '../shared/jobs';
import { sweepSla } from './cases.service';
import { sweepSlaWarnings } from './sla-warnings';
import { readServiceMailbox } from './mail-intake.service';
import { sendCaseReply } from './mail-reply';
import { applyErpReturns, exportRmas } from './rma.service';

const noPayload = compileValidator<Record<string, never>>(S.object({}), 'Job payload is invalid');

/** A scheduled job without payload; one waiting or running at a time (its key). */
const scheduledJob = (name: string, key: string) =>
  defineJob<Record<string, never>>({
    name,
    attempts: 3,
    backoff: { type: 'fixed', delayMs: 10_000 },
    key: () => key,
    validate: noPayload,
  });

/** Records the SLA breaches that have happened and raises the warnings due; scheduled, idempotent (each claimed once). */
export const SlaSweepJob = scheduledJob('cases.sla-sweep', 'sla-sweep');
/** Fixed id: restarts and many workers keep exactly one schedule. */
export const SLA_SWEEP_SCHEDULE_ID = 'cases-sla-sweep';
/** Every minute: a breach is on record within a minute of happening. */
const SWEEP_CRON = '* * * * *';

/** Rewrites rma_out (the whole picture) after a return was authorized. */
export const RmaOutJob = defineJob<{ caseId: string; rmaNumber: string }>({
  name: 'cases.rma-out',
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 2000 },
  // The file is the whole picture: a burst of RMAs while one export waits is one export.
  key: () => 'rma-out',
  validate: compileValidator<{ caseId: string; rmaNumber: string }>(
    S.object({ caseId: S.id, rmaNumber: S.str(30) }, ['caseId', 'rmaNumber']),
    'Job payload is invalid',
  ),
});

/** After a sync: the ERP's returns rows close the RMA lines they name. */
export const ReturnsReceivedJob = defineJob<{ runId: string }>({
  name: 'cases.returns-received',
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 2000 },
  key: (p) => `returns-${p.runId}`,
  validate: compileValidator<{ runId: string }>(
    S.object({ runId: S.id }, ['runId']),
    'Job payload is invalid',
  ),
});

export function registerCaseJobs(deps: Deps): void {
  deps.jobs.register(
    handleJob(SlaSweepJob, async () => {
      const n = await sweepSla(deps);
      if (n) deps.logger.info({ breaches: n }, 'SLA breaches recorded');
      const w = await sweepSlaWarnings(deps);
      if (w) deps.logger.info({ warnings: w }, 'SLA warnings raised');
    }),
  );
  deps.jobs.subscribe(
    RmaAuthorized,
    handleJob(RmaOutJob, async () => {
      await exportRmas(deps);
    }),
  );
  deps.jobs.subscribe(
    ErpSynced,
    handleJob(ReturnsReceivedJob, async () => {
      await applyErpReturns(deps);
    }),
  );
  registerCaseMailJobs(deps);
}

export async function scheduleCaseJobs(deps: Deps): Promise<void> {
  await deps.jobs.schedule(SlaSweepJob, {}, { id: SLA_SWEEP_SCHEDULE_ID, cron: SWEEP_CRON, tz: 'UTC' });
  await deps.jobs.schedule(MailPollJob, {}, { id: MAIL_POLL_SCHEDULE_ID, cron: SWEEP_CRON, tz: 'UTC' });
}

/** Reads the service mailbox (IMAP or the .eml folder); scheduled, once per message by its claim. */
export const MailPollJob = scheduledJob('cases.mail-poll', 'mail-poll');
export const MAIL_POLL_SCHEDULE_ID = 'cases-mail-poll';

/** Staff's public message goes by e-mail to a customer who wrote in by e-mail. */
export const CaseReplyMailJob = defineJob<{ caseId: string; at: string }>({
  name: 'cases.reply-mail',
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 5000 },
  key: (p) => `reply-${p.caseId}-${p.at}`,
  validate: compileValidator<{ caseId: string; at: string }>(
    S.object({ caseId: S.id, at: S.str(24) }, ['caseId', 'at']),
    'Job payload is invalid',
  ),
});

export function registerCaseMailJobs(deps: Deps): void {
  deps.jobs.register(
    handleJob(MailPollJob, async () => {
      const n = await readServiceMailbox(deps);
      if (n.failed) deps.logger.warn(n, 'some service mails could not be taken; they are read again');
    }),
  );
  deps.jobs.subscribe(
    CaseReplied,
    handleJob(CaseReplyMailJob, async ({ caseId, at }) => {
      await sendCaseReply(deps, caseId, at);
    }),
  );
}
