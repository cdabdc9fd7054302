import type { getOrder } from '../orders';
import { qty } from './quote-views';

type OrderView = Awaited<ReturnType<typeof getOrder>>;

type StepState = 'done' | 'current' | 'todo';
interface Step {
  label: string;
  detail: string;
  state: StepState;
}

const MILESTONE_WORDS: Record<string, string> = {
  confirmed: 'confirmed',
  in_production: 'in production',
  partially_shipped: 'partly shipped',
  shipped: 'shipped',
  partially_delivered: 'partly delivered',
  delivered: 'delivered',
};
export const milestoneWord = (m: string | null | undefined): string =>
  m ? (MILESTONE_WORDS[m] ?? m) : 'not yet dated';

const RANK: Record<string, number> = {
  confirmed: 0,
  in_production: 1,
  partially_shipped: 2,
  shipped: 2,
  partially_delivered: 3,
  delivered: 3,
};

/**
 * Four steps per line, in buyer's words: confirmed (with the promised date and whether it is the
 * ship or the arrival date), in production, shipped, delivered; each done, under way or to come.
 */
function steps(
  l: {
    milestone: string | null;
    quantity: number;
    shippedQuantity: number;
    deliveredQuantity: number;
    promised: string;
  },
  shipments: OrderView['shipments'],
): Step[] {
  const reached = l.milestone ? RANK[l.milestone]! : -1;
  const full = (m: string) => l.milestone === m;
  const state = (i: number, complete: boolean): StepState =>
    reached > i || (reached === i && complete) ? 'done' : reached === i ? 'current' : 'todo';
  const lastShip = shipments
    .map((s) => s.shipDate)
    .sort()
    .at(-1);
  const lastDelivery = shipments
    .map((s) => s.deliveredDate)
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
  return [
    { label: 'Confirmed', detail: l.promised, state: reached >= 0 ? 'done' : 'todo' },
    {
      label: 'In production',
      detail: l.milestone === 'in_production' ? 'released to the shop floor or supplier' : '',
      state: reached >= 1 ? 'done' : 'todo',
    },
    {
      label: 'Shipped',
      detail:
        reached >= 2
          ? `${qty(l.shippedQuantity)} of ${qty(l.quantity)}${lastShip ? `, last on ${lastShip}` : ''}`
          : '',
      state: state(2, full('shipped') || reached > 2),
    },
    {
      label: 'Delivered',
      detail:
        reached >= 3
          ? `${qty(l.deliveredQuantity)} of ${qty(l.quantity)}${lastDelivery ? `, last on ${lastDelivery}` : ''}`
          : '',
      state: state(3, full('delivered')),
    },
  ];
}

/** Each line's timeline, catalog and non-catalog lines alike, in line order. */
export function lineTimelines(o: OrderView) {
  const promisedText = (date: string | null, by: string) =>
    date ? `${by === 'arrival' ? 'arrives' : 'ships'} ${date}` : 'date to follow';
  const rows = [
    ...o.lines.map((l) => ({
      lineNo: l.lineNo,
      item: l.sku,
      milestone: l.milestone,
      quantity: l.quantity,
      shippedQuantity: l.shippedQuantity,
      deliveredQuantity: l.deliveredQuantity,
      promised: promisedText(l.confirmedDate, l.promisedBy),
    })),
    ...o.customLines.map((c) => ({
      lineNo: c.lineNo,
      item: c.description,
      milestone: c.milestone,
      quantity: c.quantity,
      shippedQuantity: c.shippedQuantity,
      deliveredQuantity: c.deliveredQuantity,
      promised: promisedText(c.promisedDate, 'ship'),
    })),
  ].sort((a, b) => a.lineNo - b.lineNo);
  return rows.map((r) => ({
    lineNo: r.lineNo,
    item: r.item,
    milestone: r.milestone ?? 'none',
    milestoneText: milestoneWord(r.milestone),
    steps: steps(
      r,
      o.shipments.filter((s) => s.orderLineNo === r.lineNo),
    ),
  }));
}
