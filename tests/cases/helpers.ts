import type { TestContext } from '../support/app';
import { createPlace, setStock } from '../support/erp-factories';
import { createTestUser, type TestUser, uniq } from '../support/factories';
import { placeOrder } from '../orders/helpers';
import { addDays, todayIso } from '../../src/shared/time';

export interface ShippedLine {
  orderId: string;
  orderNumber: string;
  lineNo: number;
  sku: string;
}

/**
 * An order of the customer's account taken through the API, whose line 1 the ERP has shipped
 * (`shipped` of `quantity`, on `shipDate`): the shipment row as the sync writes it and the line's
 * shipped quantity as the sync keeps it.
 */
export async function shippedLine(
  t: TestContext,
  customer: TestUser & { accountId: string | null },
  opts: { quantity?: number; shipped?: number; shipDate?: string; warrantyMonths?: number } = {},
): Promise<ShippedLine> {
  const { quantity = 5, shipped = quantity, shipDate = addDays(todayIso(), -3), warrantyMonths = 0 } = opts;
  const am = await createTestUser(t.deps.db, 'account_manager');
  const { sku, site } = await createPlace(t.deps.db);
  await t.deps.db('items').where({ sku }).update({ warranty_months: warrantyMonths });
  await setStock(t.deps.db, sku, site, 100);
  const order = await placeOrder(t.http, am, {
    accountId: customer.accountId!,
    site,
    lines: [{ sku, quantity, requestedDate: addDays(todayIso(), 1) }],
  });
  if (shipped > 0) {
    await t.deps.db('erp_shipments').insert({
      shipment_ref: uniq('SH'),
      line_no: 1,
      order_ref: order.number,
      order_line_no: 1,
      sku,
      quantity: String(shipped),
      ship_date: shipDate,
      carrier: 'DHL Freight',
      tracking_no: uniq('TRK'),
      delivered_date: addDays(shipDate, 2),
      row_hash: 'a'.repeat(40),
      updated_at: new Date().toISOString(),
    });
    await t.deps
      .db('order_lines')
      .where({ order_id: order.id, line_no: 1 })
      .update({ shipped_qty: String(shipped) });
  }
  return { orderId: order.id, orderNumber: order.number, lineNo: 1, sku };
}
