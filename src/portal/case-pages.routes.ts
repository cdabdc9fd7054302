import { Router } from 'express';
import {
  CASE_STATUSES,
  CASE_TYPES,
  type CaseStatus,
  type CaseSummary,
  type CaseType,
  changeStatus,
  getCase,
  listAttachments,
  listCases,
  openCase,
  postMessage,
  SEVERITIES,
  type Severity,
  TRANSITIONS,
} from '../cases';
import type { Deps } from '../deps';
import { AppError } from '../shared/errors';
import type { Role } from '../shared/http/actor';
import { caseActionsView } from './case-actions-pages.routes';
import { caseKnowledgePanel } from './knowledge-pages.routes';
import { idParam, nextPageUrl, type PageContext, type PageKit, queryText } from './page-support';

const WORKERS: readonly Role[] = ['admin', 'account_manager', 'service'];
const WITH_CUSTOMERS: readonly Role[] = [...WORKERS, 'customer'];

const word = (s: string): string => s.replace(/_/g, ' ');
/** Timestamps as people read them: `2026-12-06 14:05 UTC`. */
const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const field = (c: PageContext, name: string): string | undefined => {
  const v = (c.req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

function queueRow(c: PageContext, k: CaseSummary) {
  return (async () => ({
    ...k,
    customerName: await c.accountName(k.accountId),
    statusText: word(k.status),
    slaText: word(k.sla.state),
    dueText: when(k.sla.firstResponseState === 'met' ? k.sla.resolutionDue : k.sla.firstResponseDue),
    createdText: when(k.createdAt),
  }))();
}

/**
 * The service desk's pages: the queue (its home page), a case with its timeline and the forms to
 * answer and move it, and "Report a problem" (prefilled from a shipped order line). Built on the
 * same use cases as /api/cases, so customers see only their account's cases and never an internal note.
 */
export function casePageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const router = Router();

  router.get(
    '/cases',
    view(WITH_CUSTOMERS, async (c) => {
      const wanted = queryText(c.req, 'status', 30);
      const status = CASE_STATUSES.find((s) => s === wanted);
      const cursor = queryText(c.req, 'cursor');
      const page = await listCases(deps, c.actor, { ...(status && { status }), ...(cursor && { cursor }) });
      c.render('cases', c.actor.role === 'customer' ? 'Your service cases' : 'Service queue', {
        cases: await Promise.all(page.items.map((k) => queueRow(c, k))),
        next: nextPageUrl('/cases', status, page.nextCursor),
        filtered: Boolean(status),
        canReassign: c.actor.role === 'admin' || c.actor.role === 'service',
        canSetTargets: c.actor.role === 'admin',
        statuses: CASE_STATUSES.map((s) => ({ value: s, label: word(s), selected: s === status })),
      });
    }),
  );

  const showNew = (c: PageContext, data: Record<string, unknown>, status = 200) =>
    c.render(
      'case-new',
      'Report a problem',
      {
        ...data,
        types: CASE_TYPES.map((t) => ({
          value: t,
          label: word(t),
          selected: t === (data.type ?? 'complaint'),
        })),
        severities: SEVERITIES.map((s) => ({
          value: s,
          label: s,
          selected: s === (data.severity ?? 'normal'),
        })),
      },
      status,
    );

  // Before /cases/:id, so "new" is not taken for an id.
  router.get(
    '/cases/new',
    view(WITH_CUSTOMERS, async (c) => {
      const lineNo = queryText(c.req, 'lineNo', 6);
      showNew(c, {
        orderId: queryText(c.req, 'orderId', 36),
        lineNo: lineNo && /^\d+$/.test(lineNo) ? lineNo : undefined,
        accountId: c.actor.accountId ?? queryText(c.req, 'accountId', 36),
        isCustomer: c.actor.role === 'customer',
      });
    }),
  );

  router.post(
    '/cases',
    ...action(
      WITH_CUSTOMERS,
      () => '/cases/new',
      async (c) => {
        const accountId = c.actor.accountId ?? field(c, 'accountId');
        const orderId = field(c, 'orderId');
        const lineNo = field(c, 'lineNo');
        const type = field(c, 'type') as CaseType | undefined;
        const severity = field(c, 'severity') as Severity | undefined;
        const input = {
          accountId: accountId ?? '',
          type: CASE_TYPES.includes(type as CaseType) ? (type as CaseType) : 'complaint',
          subject: (field(c, 'subject') ?? '').slice(0, 200),
          description: (field(c, 'description') ?? '').slice(0, 4000),
          ...(orderId && { orderId }),
          ...(lineNo && /^\d{1,6}$/.test(lineNo) && { lineNo: Number(lineNo) }),
          ...(field(c, 'serialOrBatch') && { serialOrBatch: field(c, 'serialOrBatch')!.slice(0, 60) }),
          ...(SEVERITIES.includes(severity as Severity) && { severity: severity as Severity }),
        };
        const problems = [
          ...(input.subject ? [] : [{ path: '/subject', message: 'is required' }]),
          ...(input.description ? [] : [{ path: '/description', message: 'is required' }]),
          ...(input.accountId ? [] : [{ path: '/accountId', message: 'is required' }]),
        ];
        if (problems.length) throw new AppError('validation_failed', 'Please fill in the problem', problems);
        const k = await openCase(deps, c.actor, input);
        return { to: `/cases/${k.id}`, message: `Case ${k.number} was opened` };
      },
      async (c, refusal) =>
        showNew(
          c,
          {
            accountId: c.actor.accountId ?? field(c, 'accountId'),
            orderId: field(c, 'orderId'),
            lineNo: field(c, 'lineNo'),
            subject: field(c, 'subject'),
            description: field(c, 'description'),
            serialOrBatch: field(c, 'serialOrBatch'),
            type: field(c, 'type'),
            severity: field(c, 'severity'),
            isCustomer: c.actor.role === 'customer',
            flash: refusal,
          },
          422,
        ),
    ),
  );

  router.get(
    '/cases/:id',
    view(WITH_CUSTOMERS, async (c) => {
      const k = await getCase(deps, c.actor, idParam(c.req));
      const staff = c.actor.role !== 'customer';
      c.render('case', `Case ${k.number}`, {
        k: {
          ...k,
          customerName: await c.accountName(k.accountId),
          statusText: word(k.status),
          createdText: when(k.createdAt),
          slaText: word(k.sla.state),
          firstResponseText: `${word(k.sla.firstResponseState)}, due ${when(k.sla.firstResponseDue)}`,
          resolutionText: `${word(k.sla.resolutionState)}, due ${when(k.sla.resolutionDue)}`,
        },
        timeline: k.timeline.map((e) => ({
          ...e,
          atText: when(e.at),
          what:
            e.kind === 'status_changed'
              ? `${word(e.from ?? '')} → ${word(e.to ?? '')}`
              : e.kind === 'message'
                ? (e.internal ? 'internal note' : `message from ${e.detail ?? 'staff'}`) +
                  (e.channel && e.channel !== 'portal'
                    ? ` (${e.channel === 'phone' ? 'phone call' : e.channel})`
                    : '')
                : word(e.kind) + (e.detail ? `: ${word(e.detail)}` : ''),
        })),
        staff,
        attachments: (await listAttachments(deps, c.actor, k.id)).map((a) => ({
          ...a,
          href: `/api/cases/${k.id}/attachments/${a.id}`,
          sizeText: `${Math.max(1, Math.round(a.sizeBytes / 1024))} KB`,
        })),
        moves: TRANSITIONS[k.status].map((s) => ({ value: s, label: word(s) })),
        knowledge: staff ? await caseKnowledgePanel(deps, c.actor, k) : null,
        actions: staff ? await caseActionsView(deps, c.actor, k) : null,
      });
    }),
  );

  router.post(
    '/cases/:id/messages',
    ...action(
      WITH_CUSTOMERS,
      (req) => `/cases/${req.params.id}`,
      async (c) => {
        const body = (field(c, 'body') ?? '').slice(0, 8000);
        if (!body)
          throw new AppError('validation_failed', 'Write a message first', [
            { path: '/body', message: 'is required' },
          ]);
        const staff = c.actor.role !== 'customer';
        const internal = staff && field(c, 'internal') === 'on';
        const phone = staff && field(c, 'phone') === 'on';
        await postMessage(deps, c.actor, idParam(c.req), {
          body,
          internal,
          ...(phone && { channel: 'phone' }),
        });
        return { message: internal ? 'The internal note was added' : 'Your message was sent' };
      },
    ),
  );

  router.post(
    '/cases/:id/status',
    ...action(
      WORKERS,
      (req) => `/cases/${req.params.id}`,
      async (c) => {
        const to = CASE_STATUSES.find((s) => s === field(c, 'status')) as CaseStatus | undefined;
        if (!to)
          throw new AppError('validation_failed', 'Choose a status', [
            { path: '/status', message: 'is required' },
          ]);
        const reason = field(c, 'reason');
        const causeCode = field(c, 'causeCode');
        await changeStatus(deps, c.actor, idParam(c.req), {
          status: to,
          ...(reason && { reason: reason.slice(0, 500) }),
          ...(to === 'closed' && causeCode && { causeCode: causeCode.slice(0, 30) }),
        });
        return { message: `The case is now ${word(to)}` };
      },
    ),
  );

  return router;
}
