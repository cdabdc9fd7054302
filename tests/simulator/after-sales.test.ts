import { formatDay, parseDay } from '../../fixtures/demo-company/dates';
import { stockRows } from '../../fixtures/demo-company/inventory';
import { buildModel } from '../../fixtures/demo-company/model';
import { Random } from '../../fixtures/demo-company/random';
import { AfterSales, CASE_SHARE } from '../../fixtures/simulator/after-sales';
import { PlantWorld } from '../../fixtures/simulator/world';

/*
 * The simulator's complaints and returns, ERP side (no app: opening the cases through the API is
 * covered by the runs of simulator.test.ts and the demo): which shipped lines lead to a case, and
 * when the ERP receives an RMA line it read in rma_out.
 */
const START = parseDay('2026-03-02');

/** A plant whose ERP read 400 FactoryDesk lines of a unit each, confirmed for the first day. */
function shippingWorld(seed: number): PlantWorld {
  const model = buildModel(seed, START, 1);
  const world = new PlantWorld(model, new Random(seed, 'plant-simulator').fork('plant'));
  // The best-stocked sku: its lines ship from the first days, a unit each.
  const best = [...stockRows(model)].sort((a, b) => Number(b.on_hand) - Number(a.on_hand))[0]!;
  const [sku, site] = [String(best.sku), String(best.site_code)];
  const customer = model.customers.find((c) => c.active)!.id;
  world.readOrdersOut(
    Array.from({ length: 400 }, (_, i) => ({
      order_number: `SO-${String(i + 1).padStart(6, '0')}`,
      line_no: '1',
      erp_customer_id: customer,
      sku,
      site_code: site,
      quantity: '1',
      confirmed_date: formatDay(START + 1),
      status: 'confirmed',
    })),
  );
  return world;
}

describe('the simulator after sales', () => {
  test('about 5 % of shipped lines lead to a case, the same ones for the same seed', () => {
    const plannedOf = (seed: number) => {
      const world = shippingWorld(seed);
      const after = new AfterSales(new Random(seed, 'plant-simulator').fork('after-sales'));
      for (let d = START + 1; d <= START + 20; d++) {
        world.runDay(d);
        after.plan(world);
      }
      return {
        shipped: world.shipments.length,
        planned: (after as unknown as { planned: unknown[] }).planned,
      };
    };
    const a = plannedOf(7);
    expect(a.shipped).toBeGreaterThan(100);
    expect(a.planned.length).toBeGreaterThan(0);
    expect(a.planned.length).toBeLessThan(a.shipped * CASE_SHARE * 3);
    expect(plannedOf(7).planned).toEqual(a.planned);
  });

  test('an RMA line read in rma_out is received 3 to 8 days later, once, and stays in returns', () => {
    const after = new AfterSales(new Random(1, 'x'));
    const rma = { rma_number: 'RMA-000001', line_no: '1', sku: 'SKU-1', quantity: '2' };
    after.readRmaOut([rma], 100);
    after.readRmaOut([rma], 101); // read again the next night: still received on the first reading's schedule
    const firstDay = [...Array(10).keys()].map((i) => 100 + i).find((d) => after.returnsRows(d).length > 0)!;
    expect(firstDay - 100).toBeGreaterThanOrEqual(3);
    expect(firstDay - 100).toBeLessThanOrEqual(8);
    expect(after.returnsRows(firstDay + 5)).toEqual([
      {
        return_ref: 'RET-RMA-000001-1',
        line_no: 1,
        rma_number: 'RMA-000001',
        rma_line_no: 1,
        sku: 'SKU-1',
        quantity: 2,
        received_date: formatDay(firstDay),
        condition: 'damaged',
        serial_or_batch: null,
      },
    ]);
    expect(after.counts.returnLinesReceived).toBe(1);
  });
});
