import { S, Static } from '../shared/http/validation';

export const INTERACTION_KINDS = ['call', 'visit', 'email', 'meeting'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

const timestamp = S.string({ format: 'date-time', maxLength: 40 });

export const newInteractionSchema = S.object(
  {
    kind: S.enum(INTERACTION_KINDS),
    subject: S.str(200),
    note: S.str(4000),
    people: S.str(500),
    occurredAt: timestamp,
    quoteId: S.id,
    orderId: S.id,
    caseId: S.id,
  },
  ['kind', 'subject'],
);
export type NewInteraction = Static<typeof newInteractionSchema>;

export const interactionSchema = S.object({
  id: S.id,
  accountId: S.id,
  kind: S.enum(INTERACTION_KINDS),
  subject: { type: 'string' },
  note: { type: ['string', 'null'] },
  people: { type: ['string', 'null'] },
  occurredAt: { type: 'string' },
  quoteId: { type: ['string', 'null'] },
  orderId: { type: ['string', 'null'] },
  caseId: { type: ['string', 'null'] },
  internal: S.boolean,
  source: S.enum(['staff', 'mail'] as const),
  createdBy: { type: ['string', 'null'] },
});

export const newFollowUpSchema = S.object(
  {
    accountId: S.id,
    subject: S.str(200),
    dueAt: timestamp,
    ownerId: S.id,
    quoteId: S.id,
    orderId: S.id,
    caseId: S.id,
  },
  ['accountId', 'subject', 'dueAt'],
);
export type NewFollowUp = Static<typeof newFollowUpSchema>;

const followUpProperties = {
  id: S.id,
  ownerId: S.id,
  ownerEmail: { type: 'string' },
  accountId: S.id,
  accountName: { type: 'string' },
  subject: { type: 'string' },
  dueAt: { type: 'string' },
  status: S.enum(['open', 'done'] as const),
  quoteId: { type: ['string', 'null'] },
  orderId: { type: ['string', 'null'] },
  caseId: { type: ['string', 'null'] },
  remindedAt: { type: ['string', 'null'] },
};
export const followUpSchema = S.object(followUpProperties);

/** A new follow-up, with the owner's other open follow-ups whose slot overlaps its own. */
export const createdFollowUpSchema = S.object({
  ...followUpProperties,
  collisions: S.array(followUpSchema),
});

export const listFollowUpsQuery = S.object({
  from: S.date,
  to: S.date,
  ownerId: S.id,
  accountId: S.id,
  status: S.enum(['open', 'done'] as const),
});
export type ListFollowUpsQuery = Static<typeof listFollowUpsQuery>;

export const accountIdParams = S.object({ id: S.id }, ['id']);
export const followUpIdParams = S.object({ id: S.id }, ['id']);
