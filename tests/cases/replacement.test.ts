import { applyErpReturns } from '../../src/cases';
import { reconfirmOpenLines } from '../../src/orders/reconfirm';
import { REPLACEMENT_BOOST } from '../../src/cases/replacement.service';
import { addDays, todayIso } from '../../src/shared/time';
import { placeOrder, readOrder } from '../orders/helpers';
import { setStock } from '../support/erp-factories';
import { createCustomer, uniq } from '../support/factories';
import { useTestApp } from '../support/test-app';
import { shippedLine } from './helpers';

// Isolated: re-confirmation serves every open line of the database.
const t = useTestApp({ isolated: true });
const service = t.user('service');
const am = t.user('account_manager');

const confirmedBy = (
  order: { lines: Array<{ confirmations: Array<{ date: string; quantity: number }> }> },
  last: string,
) => order.lines[0]!.confirmations.filter((c) => c.date <= last).reduce((s, c) => s + c.quantity, 0);

describe('a return with disposition replace', () => {
  test('once received, its replacement is promised from ATP and reserved, never from units promised to others, and served ahead of ordinary orders', async () => {
    const customer = await createCustomer(t.deps.db);
    const line = await shippedLine(t, customer, { quantity: 4 });
    const { site_code: site } = await t.deps
      .db('order_lines')
      .where({ order_id: line.orderId, line_no: 1 })
      .first('site_code');
    // 14 on hand: the shipped line still holds its 4 (no sync ran to take the shipment off stock),
    // an ordinary order of another account takes 7, so 3 are left to promise.
    await setStock(t.deps.db, line.sku, site, 14);
    const other = await createCustomer(t.deps.db);
    const tomorrow = addDays(todayIso(), 1);
    const ordinary = await placeOrder(t.http, am, {
      accountId: other.accountId!,
      site,
      lines: [{ sku: line.sku, quantity: 7, requestedDate: tomorrow }],
    });
    expect(confirmedBy(ordinary, tomorrow)).toBe(7);

    const c = await t.http.post('/api/cases').set('authorization', service.auth).send({
      accountId: customer.accountId,
      type: 'return',
      subject: 'Cracked',
      description: 'x',
      orderId: line.orderId,
      lineNo: 1,
    });
    const rma = await t.http
      .post(`/api/cases/${c.body.id}/rma`)
      .set('authorization', service.auth)
      .send({
        disposition: 'replace',
        lines: [{ orderId: line.orderId, lineNo: 1, quantity: 4, reason: 'cracked' }],
      });
    expect(rma.status).toBe(201);
    await t.deps.db('erp_returns').insert({
      return_ref: uniq('RE'),
      line_no: 1,
      rma_number: rma.body.rmaNumber,
      rma_line_no: 1,
      sku: line.sku,
      quantity: '4',
      received_date: todayIso(),
      condition: 'defective',
      serial_or_batch: null,
      row_hash: 'c'.repeat(40),
      updated_at: new Date().toISOString(),
    });
    await applyErpReturns(t.deps);
    await applyErpReturns(t.deps);

    const detail = (await t.http.get(`/api/cases/${c.body.id}`).set('authorization', service.auth)).body;
    const replacementId: string = detail.rmas[0].replacementOrderId;
    expect(replacementId).toEqual(expect.any(String));
    expect(detail.timeline.filter((e: { kind: string }) => e.kind === 'replacement_ordered')).toHaveLength(1);
    expect(await t.deps.db('orders').where('customer_po', rma.body.rmaNumber)).toHaveLength(1);

    const replacement = await readOrder(t.http, service, replacementId);
    expect(replacement).toMatchObject({ accountId: customer.accountId, customerPo: rma.body.rmaNumber });
    expect(replacement.lines[0]).toMatchObject({ sku: line.sku, quantity: 4 });
    // From stock only the 3 still free: the other order keeps its 7.
    expect(confirmedBy(replacement, tomorrow)).toBe(3);
    expect(confirmedBy(await readOrder(t.http, am, ordinary.id), tomorrow)).toBe(7);
    const boost = await t.deps.db('orders').where('id', replacementId).first('promise_boost');
    expect(Number(boost.promise_boost)).toBe(REPLACEMENT_BOOST);

    // A sync finds only 8 on hand (the shipped line now holds nothing: shipped in full), 10 were
    // promised. Served in intake order the ordinary order would keep its 7 and the replacement
    // drop to 1; the replacement is served first and keeps its 3, the ordinary order gets 8 - 3 = 5.
    await setStock(t.deps.db, line.sku, site, 8);
    await reconfirmOpenLines(t.deps, null);
    expect(confirmedBy(await readOrder(t.http, service, replacementId), tomorrow)).toBe(3);
    const after = await readOrder(t.http, am, ordinary.id);
    expect(confirmedBy(after, tomorrow)).toBe(5);
    expect(
      await t.deps.db('order_lines').where({ order_id: ordinary.id }).whereNotNull('slipped_at'),
    ).toHaveLength(1);
  });
});
