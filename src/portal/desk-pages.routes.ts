import { Router, type Request } from 'express';
import {
  addContact,
  getAccount,
  listContacts,
  newContactSchema,
  updateContact,
  type NewContact,
} from '../accounts';
import type { Deps } from '../deps';
import {
  accountHistory,
  completeFollowUp,
  createFollowUp,
  INTERACTION_KINDS,
  listFollowUps,
  listInteractions,
  logInteraction,
  searchAccounts,
  SLOT_MINUTES,
  type FollowUp,
  type InteractionKind,
} from '../desk';
import { accountsKnowledge } from '../metrics';
import { AppError, type ErrorDetail } from '../shared/errors';
import type { Role } from '../shared/http/actor';
import { compileValidator } from '../shared/http/validation';
import { addDays, isValidDate, todayIso } from '../shared/time';
import { fieldsOf, text } from './form-fields';
import { idParam, type PageKit, queryText } from './page-support';
import { when } from './quote-views';
import { knowledgeView } from './account-knowledge-view';

/** Who works with accounts, their history and follow-ups: the manufacturer's people. */
export const DESK_ROLES: readonly Role[] = ['admin', 'account_manager', 'service', 'planner'];
/** Who may change contacts, log interactions and set follow-ups from the pages. */
const WRITERS: readonly Role[] = DESK_ROLES;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KIND_WORDS: Record<InteractionKind, string> = {
  call: 'Call',
  visit: 'Visit',
  email: 'E-mail',
  meeting: 'Meeting',
};

/** A datetime-local field ("2026-12-07T09:30"), read as UTC as every time on the pages is. */
function utcField(f: Record<string, unknown>, key: string, problems: ErrorDetail[]): string | undefined {
  const t = text(f, key);
  if (t === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(t) || !Number.isFinite(Date.parse(`${t}:00Z`))) {
    problems.push({ path: `/${key}`, message: 'is not a date and time' });
    return undefined;
  }
  return `${t}:00Z`;
}

/** An optional id field: blank is none; anything but an id is reported. */
function idField(f: Record<string, unknown>, key: string, problems: ErrorDetail[]): string | undefined {
  const t = text(f, key);
  if (t !== undefined && !UUID.test(t)) problems.push({ path: `/${key}`, message: 'is not an id' });
  return t !== undefined && UUID.test(t) ? t : undefined;
}

const contactForm = (req: Request): NewContact => {
  const f = fieldsOf(req);
  const [name, email, phone, title] = ['name', 'email', 'phone', 'title'].map((k) => text(f, k));
  return {
    name: name ?? '',
    ...(email && { email }),
    ...(phone && { phone }),
    ...(title && { title }),
  };
};

/** Contact fields go through the API's own schema. */
const checkContact = compileValidator<NewContact>(newContactSchema, 'The contact is not valid');

const followUpView = (f: FollowUp) => ({ ...f, dueText: when(f.dueAt), done: f.status === 'done' });

/**
 * Accounts (/accounts, /accounts/:id) with everything that happened with the customer, the
 * forms that log an interaction and set a follow-up, and the team's follow-ups (/follow-ups).
 */
export function deskPageRoutes(deps: Deps, { view, action }: Pick<PageKit, 'view' | 'action'>): Router {
  const { db } = deps;
  const router = Router();
  const accountUrl = (req: Request) => `/accounts/${idParam(req)}`;

  router.get(
    '/accounts',
    view(DESK_ROLES, async (c) => {
      const search = {
        text: queryText(c.req, 'q', 200),
        country: queryText(c.req, 'country', 60),
        managerEmail: queryText(c.req, 'manager', 254),
      };
      const rows = await searchAccounts(
        db,
        Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined)),
        200,
      );
      c.render('accounts', 'Accounts', {
        search,
        accounts: rows.map((a: Record<string, unknown>) => ({ ...a, active: Boolean(a.active) })),
        searched: Object.values(search).some((v) => v !== undefined),
      });
    }),
  );

  router.get(
    '/accounts/:id',
    view(DESK_ROLES, async (c) => {
      const id = idParam(c.req);
      const account = await getAccount(db, c.actor, id);
      const [contacts, interactions, history, [knowledge]] = await Promise.all([
        listContacts(db, c.actor, id),
        listInteractions(db, c.actor, id),
        accountHistory(db, id),
        accountsKnowledge(db, { accountId: id }),
      ]);
      const now = todayIso();
      c.render('account', account.name, {
        account,
        knowledge: knowledgeView(knowledge!),
        contacts,
        interactions: interactions.map((i) => ({
          ...i,
          kindText: KIND_WORDS[i.kind],
          at: when(i.occurredAt),
        })),
        requests: history.requests.map((r: Record<string, unknown>) => ({
          ...r,
          at: when(r.created_at as string),
        })),
        quotes: history.quotes.map((q: Record<string, unknown>) => ({
          ...q,
          at: when(q.updated_at as string),
        })),
        orders: history.orders.map((o: Record<string, unknown>) => ({
          ...o,
          at: when(o.created_at as string),
        })),
        shipments: history.shipments,
        followUps: history.followUps.map(followUpView),
        kinds: INTERACTION_KINDS.map((k) => ({ value: k, label: KIND_WORDS[k] })),
        slotMinutes: SLOT_MINUTES,
        defaultDue: `${addDays(now, 1)}T09:00`,
        canWrite: WRITERS.includes(c.actor.role),
        canEditSettings: c.actor.role === 'admin' || c.actor.role === 'account_manager',
      });
    }),
  );

  router.post(
    '/accounts/:id/contacts',
    ...action(WRITERS, accountUrl, async (c) => {
      const input = contactForm(c.req);
      checkContact(input);
      const contact = await addContact(db, c.actor, idParam(c.req), input, c.req.id);
      return { message: `${contact.name} was added to the contacts` };
    }),
  );

  router.post(
    '/accounts/:id/contacts/:contactId',
    ...action(WRITERS, accountUrl, async (c) => {
      const input = contactForm(c.req);
      checkContact(input);
      const contact = await updateContact(
        db,
        c.actor,
        idParam(c.req),
        idParam(c.req, 'contactId'),
        input,
        c.req.id,
      );
      return { message: `${contact.name} was saved` };
    }),
  );

  router.post(
    '/accounts/:id/interactions',
    ...action(WRITERS, accountUrl, async (c) => {
      const f = fieldsOf(c.req);
      const problems: ErrorDetail[] = [];
      const kind = INTERACTION_KINDS.find((k) => k === text(f, 'kind'));
      if (!kind) problems.push({ path: '/kind', message: 'choose a call, visit, e-mail or meeting' });
      const subject = text(f, 'subject');
      if (!subject || subject.length > 200)
        problems.push({ path: '/subject', message: 'a subject of 1 to 200 characters' });
      const note = text(f, 'note');
      if (note && note.length > 4000) problems.push({ path: '/note', message: 'at most 4000 characters' });
      const people = text(f, 'people');
      if (people && people.length > 500)
        problems.push({ path: '/people', message: 'at most 500 characters' });
      const occurredAt = utcField(f, 'occurredAt', problems);
      const refs = {
        quoteId: idField(f, 'quoteId', problems),
        orderId: idField(f, 'orderId', problems),
        caseId: idField(f, 'caseId', problems),
      };
      if (problems.length) throw new AppError('validation_failed', 'The interaction is not valid', problems);
      await logInteraction(
        db,
        c.actor,
        idParam(c.req),
        {
          kind: kind!,
          subject: subject!,
          ...(note && { note }),
          ...(people && { people }),
          ...(occurredAt && { occurredAt }),
          ...Object.fromEntries(Object.entries(refs).filter(([, v]) => v !== undefined)),
        },
        c.req.id,
      );
      return { message: `${KIND_WORDS[kind!]} logged` };
    }),
  );

  router.post(
    '/accounts/:id/follow-ups',
    ...action(WRITERS, accountUrl, async (c) => {
      const f = fieldsOf(c.req);
      const problems: ErrorDetail[] = [];
      const subject = text(f, 'subject');
      if (!subject || subject.length > 200)
        problems.push({ path: '/subject', message: 'a subject of 1 to 200 characters' });
      const dueAt = utcField(f, 'dueAt', problems);
      if (!dueAt) problems.push({ path: '/dueAt', message: 'is required' });
      const refs = {
        quoteId: idField(f, 'quoteId', problems),
        orderId: idField(f, 'orderId', problems),
      };
      if (problems.length) throw new AppError('validation_failed', 'The follow-up is not valid', problems);
      const created = await createFollowUp(
        db,
        c.actor,
        {
          accountId: idParam(c.req),
          subject: subject!,
          dueAt: dueAt!,
          ...Object.fromEntries(Object.entries(refs).filter(([, v]) => v !== undefined)),
        },
        c.req.id,
      );
      if (created.collisions.length === 0) return { message: `Follow-up set for ${when(created.dueAt)}` };
      const others = created.collisions.map((o) => `"${o.subject}" (${o.accountName}) at ${when(o.dueAt)}`);
      return {
        warning: true,
        message: `Follow-up set for ${when(created.dueAt)}, but it collides with ${others.join(', ')}: both fall in the same ${SLOT_MINUTES}-minute slot`,
      };
    }),
  );

  router.post(
    '/follow-ups/:id/done',
    ...action(
      WRITERS,
      (req) => {
        const back = typeof req.body?._back === 'string' ? req.body._back : '';
        return /^\/(accounts\/[0-9a-f-]{36}|follow-ups)?$/.test(back) ? back || '/' : '/follow-ups';
      },
      async (c) => {
        const f = await completeFollowUp(db, c.actor, idParam(c.req));
        return { message: `"${f.subject}" is done` };
      },
    ),
  );

  router.get(
    '/follow-ups',
    view(DESK_ROLES, async (c) => {
      const dayText = queryText(c.req, 'day', 10);
      const day =
        dayText && /^\d{4}-\d{2}-\d{2}$/.test(dayText) && isValidDate(dayText) ? dayText : todayIso();
      const week = queryText(c.req, 'span', 4) === 'week';
      const to = addDays(day, week ? 6 : 0);
      const items = await listFollowUps(db, { from: day, to, status: 'open' });
      const byOwner = new Map<string, ReturnType<typeof followUpView>[]>();
      for (const f of items)
        byOwner.set(f.ownerEmail, [...(byOwner.get(f.ownerEmail) ?? []), followUpView(f)]);
      const span = week ? 'week' : 'day';
      c.render('follow-ups', 'Follow-ups', {
        day,
        to,
        week,
        owners: [...byOwner.entries()].map(([owner, list]) => ({
          owner,
          list,
          mine: owner === c.actor.email,
        })),
        previous: `/follow-ups?day=${addDays(day, week ? -7 : -1)}&span=${span}`,
        next: `/follow-ups?day=${addDays(day, week ? 7 : 1)}&span=${span}`,
      });
    }),
  );

  return router;
}
