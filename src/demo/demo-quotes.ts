import type { Deps } from '../deps';
import { assignRequest, createQuote, createRequest, findPricedSkus, sendQuote } from '../quotes';
import type { Actor, Role } from '../shared/http/actor';
import { addDays, todayIso } from '../shared/time';

/**
 * The demo's negotiation in progress, made through the real use cases: the demo buyer asked for
 * two quotations; the account manager quoted and sent the first (ready to accept in the portal),
 * and the second, with a custom flange, waits in the account manager's inbox.
 */
const demoActor = (userId: string, email: string, role: Role, accountId: string | null): Actor => ({
  userId,
  email,
  role,
  accountId,
  via: 'token',
});

export async function seedDemoQuotes(
  deps: Deps,
  buyer: { id: string; email: string; accountId: string; erpCustomerId: string | null },
  manager: { id: string; email: string },
): Promise<void> {
  const agreed = buyer.erpCustomerId ? await findPricedSkus(deps.db, buyer.erpCustomerId, 3) : [];
  const skus = agreed.length >= 2 ? agreed : await findPricedSkus(deps.db, '', 3);
  if (skus.length < 2) return;
  const customer = demoActor(buyer.id, buyer.email, 'customer', buyer.accountId);
  const am = demoActor(manager.id, manager.email, 'account_manager', null);
  const today = todayIso();
  const first = await createRequest(deps, customer, {
    accountId: buyer.accountId,
    notes: 'Replacement valves for the spring shutdown',
    lines: skus.map((sku, i) => ({ sku, quantity: 10 * (i + 1), requestedDate: addDays(today, 14 + 7 * i) })),
  });
  await assignRequest(deps.db, am, first.id, manager.id);
  const quote = await createQuote(deps, am, { accountId: buyer.accountId, quoteRequestId: first.id });
  await sendQuote(deps, am, quote.id);
  const second = await createRequest(deps, customer, {
    accountId: buyer.accountId,
    notes: 'Pump skid extension: please quote the adapter to our drawing FD-2231',
    lines: [
      { sku: skus[0]!, quantity: 4, requestedDate: addDays(today, 30) },
      {
        description: 'Flange adapter DN100/DN80 PN16, to drawing FD-2231',
        quantity: 4,
        requestedDate: addDays(today, 35),
      },
    ],
  });
  // The demo account's manager in the ERP is not a FactoryDesk user: the demo account manager takes its requests.
  await assignRequest(deps.db, am, second.id, manager.id);
}
