import type { Deps } from '../deps';
import { findCaseForNotice } from './case-notices.repository';
import type { MailTransport } from './mail.transport';
import { findActiveStaffEmails } from './notifications.repository';
import { notifyStaff } from './staff-notices';

const WHAT = { first_response: 'first response', resolution: 'resolution' } as const;

/**
 * Before an SLA breach, to the case's assignee and the service team lead (SERVICE_TEAM_LEAD, or
 * every active admin): by e-mail and in their inboxes, once per case and clock (the dedupe key).
 */
export async function sendSlaWarningMail(
  deps: Deps,
  transport: MailTransport,
  p: { caseId: string; clock: 'first_response' | 'resolution' },
): Promise<void> {
  const c = await findCaseForNotice(deps.db, p.caseId);
  if (!c) return;
  const leads = deps.config.serviceTeamLead
    ? [deps.config.serviceTeamLead]
    : await findActiveStaffEmails(deps.db, 'admin');
  const to = [...new Set([...(c.assignee_email ? [c.assignee_email] : []), ...leads])];
  if (!to.length) return;
  const due = (p.clock === 'first_response' ? c.fr_due : c.res_due).slice(0, 16).replace('T', ' ');
  await notifyStaff(deps, transport, {
    dedupeKey: `sla_warning:${c.id}:${p.clock}`,
    kind: 'sla_warning',
    inboxKind: 'sla_warning',
    reference: c.number,
    to,
    subject: `SLA warning: ${c.number} ${WHAT[p.clock]} due ${due} UTC`,
    headline: `Case ${c.number} of ${c.account_name} ("${c.subject}") is close to breaching its ${WHAT[p.clock]} target, due ${due} UTC${c.assignee_email ? '' : '; nobody is assigned'}.`,
    lines: [],
    path: `/cases/${c.id}`,
  });
}
