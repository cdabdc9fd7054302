import { Router } from 'express';
import {
  ALLOCATIONS,
  type AccountSettings,
  accountSettingsSchema,
  getAccount,
  getAccountSettings,
  putAccountSettings,
} from '../accounts';
import type { Deps } from '../deps';
import type { ErrorDetail } from '../shared/errors';
import type { Role } from '../shared/http/actor';
import { compileValidator } from '../shared/http/validation';
import { decimal, fail, type Fields, fieldsOf, text } from './form-fields';
import { idParam, type PageKit } from './page-support';

/** Who sees and changes an account's delivery settings, as the API allows; the allocation only an admin changes. */
const SETTINGS_ROLES: readonly Role[] = ['admin', 'account_manager'];

const ALLOCATION_WORDS: Record<(typeof ALLOCATIONS)[number], string> = {
  win: 'win: confirmed in full and on time, may take from lose accounts',
  gain: 'gain: keeps its promises, may improve them from free supply',
  fill: 'fill: keeps its promises, never improves them',
  lose: 'lose: may give up its confirmations to win accounts',
};

const checkSettings = compileValidator<AccountSettings>(accountSettingsSchema, 'The settings are not valid');

/** A whole number of days (blank: none when `optional`); anything else is reported. */
function days(
  f: Fields,
  key: string,
  path: string,
  problems: ErrorDetail[],
  optional = false,
): number | null {
  const t = text(f, key);
  if (t === undefined && optional) return null;
  if (t === undefined || !/^\d{1,3}$/.test(t)) {
    problems.push({ path, message: 'a whole number of days' });
    return null;
  }
  return Number(t);
}

/** The form's fields as the API's body, checked by the API's own schema. */
function settingsForm(f: Fields, stored: AccountSettings, isAdmin: boolean): AccountSettings {
  const problems: ErrorDetail[] = [];
  const earlyDays = days(f, 'earlyDays', '/otifWindow/earlyDays', problems, true);
  const lateDays = days(f, 'lateDays', '/otifWindow/lateDays', problems);
  const alertDaysBefore = days(f, 'alertDaysBefore', '/alertDaysBefore', problems);
  const tolerance = decimal(f, 'inFullTolerancePct', '/inFullTolerancePct', problems);
  const chosen = text(f, 'allocation');
  const allocation = ALLOCATIONS.find((a) => a === chosen) ?? null;
  if (chosen !== undefined && !allocation) problems.push({ path: '/allocation', message: 'not a strategy' });
  fail(problems, 'The settings are not valid');
  const input: AccountSettings = {
    otifWindow: { earlyDays, lateDays: lateDays ?? 0 },
    inFullTolerancePct: tolerance ?? 0,
    alertDaysBefore: alertDaysBefore ?? 0,
    // The field is shown to an admin only: anyone else keeps the stored strategy.
    allocation: isAdmin ? allocation : stored.allocation,
  };
  checkSettings(input);
  return input;
}

/** An account's delivery settings (/accounts/:id/settings): OTIF window, tolerance, alert days, allocation. */
export function accountSettingsPageRoutes(
  deps: Deps,
  { view, action }: Pick<PageKit, 'view' | 'action'>,
): Router {
  const { db } = deps;
  const router = Router();
  const url = (id: string) => `/accounts/${id}/settings`;

  router.get(
    '/accounts/:id/settings',
    view(SETTINGS_ROLES, async (c) => {
      const id = idParam(c.req);
      const [account, settings] = await Promise.all([
        getAccount(db, c.actor, id),
        getAccountSettings(db, c.actor, id),
      ]);
      c.render('account-settings', `${account.name}: settings`, {
        account,
        settings,
        isAdmin: c.actor.role === 'admin',
        strategies: ALLOCATIONS.map((a) => ({
          value: a,
          label: ALLOCATION_WORDS[a],
          selected: settings.allocation === a,
        })),
        allocationText: settings.allocation ? ALLOCATION_WORDS[settings.allocation] : 'off',
      });
    }),
  );

  router.post(
    '/accounts/:id/settings',
    ...action(
      SETTINGS_ROLES,
      (req) => url(idParam(req)),
      async (c) => {
        const id = idParam(c.req);
        const stored = await getAccountSettings(db, c.actor, id);
        const input = settingsForm(fieldsOf(c.req), stored, c.actor.role === 'admin');
        const saved = await putAccountSettings(db, c.actor, id, input, c.req.id);
        return { message: `Settings saved; allocation ${saved.allocation ?? 'off'}` };
      },
    ),
  );
  return router;
}
