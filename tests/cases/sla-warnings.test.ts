import fs from 'node:fs';
import path from 'node:path';
import { sweepSlaWarnings } from '../../src/cases/sla-warnings';
import { useTestApp } from '../support/test-app';
import { openStaffCase } from './case-support';

const LEAD = 'lead@sla-warning.test';
// Isolated: the sweep warns every case of the database, and runs here hours ahead of the clock.
const t = useTestApp({ isolated: true, env: { SERVICE_TEAM_LEAD: LEAD } });
const service = t.user('service');
const assignee = t.user('service');
const lead = t.user('service');

beforeAll(async () => {
  await t.deps.db('users').where('id', lead.id).update({ email: LEAD });
});

const warningMails = (number: string) =>
  (fs.existsSync(t.deps.config.outboxDir) ? fs.readdirSync(t.deps.config.outboxDir) : [])
    .filter((n) => n.includes('sla_warning') && n.includes(number))
    .map((n) => fs.readFileSync(path.join(t.deps.config.outboxDir, n), 'utf8'));

const inboxOf = async (auth: string) =>
  (await t.http.get('/api/inbox').set('authorization', auth)).body.items as Array<{
    kind: string;
    subject: string;
    link: string;
  }>;

describe('SLA warning before breach', () => {
  test('the assignee and the team lead are warned by e-mail and inbox once, a minute before the first-response due', async () => {
    const opened = await openStaffCase(t, service, { subject: 'Pump stops', assignee });
    const { id, number, customer } = opened;
    const due = Date.parse(opened.sla.firstResponseDue);

    // Just opened: the whole target is left, nobody is warned.
    expect(await sweepSlaWarnings(t.deps, new Date(Date.parse(opened.createdAt) + 60_000))).toBe(0);

    // A minute before the due, less than 25 % of its 8 business hours is left.
    const nearly = new Date(due - 60_000);
    expect(await sweepSlaWarnings(t.deps, nearly)).toBe(1);
    expect(await sweepSlaWarnings(t.deps, nearly)).toBe(0);
    await t.deps.jobs.drain();

    const mails = warningMails(number);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain(assignee.email);
    expect(mails[0]).toContain(LEAD);
    for (const user of [assignee, lead]) {
      const items = (await inboxOf(user.auth)).filter(
        (i) => i.kind === 'sla_warning' && i.link === `/cases/${id}`,
      );
      expect(items).toHaveLength(1);
      expect(items[0]!.subject).toContain(`SLA warning: ${number} first response`);
    }
    expect((await inboxOf(service.auth)).filter((i) => i.link === `/cases/${id}`)).toEqual([]);

    const staffView = (await t.http.get(`/api/cases/${id}`).set('authorization', service.auth)).body;
    expect(
      staffView.timeline
        .filter((e: { kind: string }) => e.kind === 'sla_warning')
        .map((e: { detail: string }) => e.detail),
    ).toEqual(['first_response']);
    const customerView = (await t.http.get(`/api/cases/${id}`).set('authorization', customer.auth)).body;
    expect(customerView.timeline.map((e: { kind: string }) => e.kind)).not.toContain('sla_warning');
  });

  test('a case waiting on the customer is not warned: its clocks are paused', async () => {
    const opened = await openStaffCase(t, service, { type: 'question' });
    await t.http
      .post(`/api/cases/${opened.id}/status`)
      .set('authorization', service.auth)
      .send({ status: 'waiting_on_customer' });
    const due = Date.parse(opened.sla.firstResponseDue);
    await sweepSlaWarnings(t.deps, new Date(due - 60_000));
    const row = await t.deps.db('cases').where('id', opened.id).first('fr_warned_at', 'res_warned_at');
    expect(row).toEqual({ fr_warned_at: null, res_warned_at: null });
  });
});
