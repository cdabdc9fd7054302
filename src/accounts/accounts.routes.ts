import type { Deps } from '../deps';
import { pageOf } from '../shared/http/openapi-helpers';
import { AnyRoute, defineRoute } from '../shared/http/route';
import { getAccountSettings, putAccountSettings } from './account-settings';
import {
  accountSchema,
  accountSettingsSchema,
  accountWithClassSchema,
  contactParams,
  contactSchema,
  idParams,
  listAccountsQuery,
  newContactSchema,
} from './accounts.schemas';
import * as service from './accounts.service';

const STAFF = ['admin', 'account_manager', 'planner', 'service'] as const;

export function accountRoutes({ db }: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/accounts',
      tag: 'Accounts',
      summary: 'List customer accounts (a customer user sees only its own)',
      access: 'any',
      query: listAccountsQuery,
      responses: { 200: { description: 'A page of accounts', schema: pageOf(accountSchema) } },
      handler: async ({ actor, query }) => ({
        status: 200,
        body: await service.listAccounts(db, actor!, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/accounts/:id',
      tag: 'Accounts',
      summary: 'One account, with its ABC class and the 12-month ordered value behind it (staff)',
      access: 'any',
      params: idParams,
      responses: { 200: { description: 'The account', schema: accountWithClassSchema } },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await service.getAccountWithClass(db, actor!, params.id),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/accounts/:id/contacts',
      tag: 'Accounts',
      summary: "The account's contacts",
      access: 'any',
      params: idParams,
      responses: {
        200: {
          description: 'Contacts',
          schema: { type: 'object', properties: { items: { type: 'array', items: contactSchema } } },
        },
      },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: { items: await service.listContacts(db, actor!, params.id) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/accounts/:id/contacts',
      tag: 'Accounts',
      summary: 'Add a contact person to an account',
      access: STAFF,
      params: idParams,
      body: newContactSchema,
      responses: { 201: { description: 'The contact', schema: contactSchema } },
      handler: async ({ actor, params, body, req }) => ({
        status: 201,
        body: await service.addContact(db, actor!, params.id, body, req.id),
      }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/accounts/:id/contacts/:contactId',
      tag: 'Accounts',
      summary: "Replace a contact's name, e-mail, phone and title (fields left out are cleared)",
      access: STAFF,
      params: contactParams,
      body: newContactSchema,
      responses: { 200: { description: 'The contact', schema: contactSchema } },
      handler: async ({ actor, params, body, req }) => ({
        status: 200,
        body: await service.updateContact(db, actor!, params.id, params.contactId, body, req.id),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/accounts/:id/settings',
      tag: 'Accounts',
      summary: "The account's delivery settings: OTIF window, in-full tolerance, alert lead days, allocation",
      access: ['admin', 'account_manager'],
      params: idParams,
      responses: {
        200: { description: 'The settings (defaults when never set)', schema: accountSettingsSchema },
      },
      handler: async ({ actor, params }) => ({
        status: 200,
        body: await getAccountSettings(db, actor!, params.id),
      }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/accounts/:id/settings',
      tag: 'Accounts',
      summary:
        "Replace the account's delivery settings; only an admin may change `allocation` (403 otherwise)",
      access: ['admin', 'account_manager'],
      params: idParams,
      body: accountSettingsSchema,
      responses: { 200: { description: 'The settings as stored', schema: accountSettingsSchema } },
      handler: async ({ actor, params, body, req }) => ({
        status: 200,
        body: await putAccountSettings(db, actor!, params.id, body, req.id),
      }),
    }),
  ];
}
