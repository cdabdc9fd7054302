import { S, Static } from '../shared/http/validation';
import { pageQuerySchema } from '../shared/http/pagination';

const accountProperties = {
  id: S.id,
  erpCustomerId: { type: ['string', 'null'] },
  name: { type: 'string' },
  country: { type: ['string', 'null'] },
  currency: { type: ['string', 'null'] },
  paymentTerms: { type: ['string', 'null'] },
  creditLimit: { type: ['number', 'null'] },
  accountManagerEmail: { type: ['string', 'null'] },
  active: { type: 'boolean' },
} as const;

export const accountSchema = S.object(accountProperties);

export interface Account {
  id: string;
  erpCustomerId: string | null;
  name: string;
  country: string | null;
  currency: string | null;
  paymentTerms: string | null;
  creditLimit: number | null;
  accountManagerEmail: string | null;
  active: boolean;
}

/** GET /api/accounts/:id: the account with its ABC class (api.md, "Fulfillment metrics"). */
export const accountWithClassSchema = S.object({
  ...accountProperties,
  class: { type: ['string', 'null'], enum: ['A', 'B', 'C', null] },
  classValue: { type: ['number', 'null'] },
});

export interface AccountWithClass extends Account {
  class: 'A' | 'B' | 'C' | null;
  classValue: number | null;
}

export const listAccountsQuery = S.object({ ...pageQuerySchema, erpCustomerId: S.str(40) });
export type ListAccountsQuery = Static<typeof listAccountsQuery>;

export const idParams = S.object({ id: S.id }, ['id']);
export type IdParams = Static<typeof idParams>;

export const newContactSchema = S.object(
  {
    name: S.str(200),
    email: S.string({ format: 'email', maxLength: 254 }),
    phone: S.str(40),
    title: S.str(100),
  },
  ['name'],
);
export type NewContact = Static<typeof newContactSchema>;

export const contactSchema = S.object({
  id: S.id,
  accountId: S.id,
  name: { type: 'string' },
  email: { type: ['string', 'null'] },
  phone: { type: ['string', 'null'] },
  title: { type: ['string', 'null'] },
});

const ALLOCATION_VALUES = ['win', 'gain', 'fill', 'lose'];

export const accountSettingsSchema = S.object(
  {
    otifWindow: S.object(
      {
        earlyDays: { type: ['integer', 'null'], minimum: 0, maximum: 365 },
        lateDays: { type: 'integer', minimum: 0, maximum: 365 },
      },
      ['earlyDays', 'lateDays'],
    ),
    inFullTolerancePct: { type: 'number', minimum: 0, maximum: 100 },
    alertDaysBefore: { type: 'integer', minimum: 0, maximum: 60 },
    allocation: { type: ['string', 'null'], enum: [...ALLOCATION_VALUES, null] },
  },
  ['otifWindow', 'inFullTolerancePct', 'alertDaysBefore', 'allocation'],
);
