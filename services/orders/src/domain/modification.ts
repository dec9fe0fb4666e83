import type { Address, ModifyOrderRequest } from '@ecommerce/api-client';
import { formatMoney, type EventData } from '@ecommerce/shared-events';
import { isAhead } from './lifecycle.js';
import type { PricedLines, StoredOrder, ValidationIssue } from './order.js';

type OrderContent = EventData<'ORDER_MODIFIED'>['old'];
type ChangedPath = EventData<'ORDER_MODIFIED'>['changed'][number];

/** What a change asks for, with new lines already priced against the catalogue (priceLines). */
export type Change = { deliveryAddress: Address } | { items: PricedLines };

export type Modification =
  | { outcome: 'modified'; order: StoredOrder; data: EventData<'ORDER_MODIFIED'> }
  | { outcome: 'unchanged' }
  | { outcome: 'refused'; statusCode: 409 | 422; code: string; message: string; details?: ValidationIssue[] };

/** Which change a request asks for: the access rules differ (the customer moves the address, operators change items). */
export const changeKind = (request: ModifyOrderRequest): 'deliveryAddress' | 'items' =>
  request.items !== undefined ? 'items' : 'deliveryAddress';

const contentOf = ({ items, subtotal, delivery, total, deliveryAddress }: StoredOrder): OrderContent => ({
  items,
  subtotal,
  delivery,
  total,
  deliveryAddress,
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const paths: ChangedPath[] = ['deliveryAddress', 'items', 'subtotal', 'delivery', 'total'];

/** Why an order can no longer change at all, or undefined while it can (shipment has not locked its parcel and it has not ended). */
const closedBecause = (order: StoredOrder): Modification | undefined => {
  if (order.status === 'PARCEL_BOOKING' || order.status === 'SHIPPED') {
    return {
      outcome: 'refused',
      statusCode: 409,
      code: 'parcel_booked',
      message: 'The parcel is booked: the order can no longer change.',
    };
  }
  if (!isAhead(order.status, 'SHIPPED')) {
    return {
      outcome: 'refused',
      statusCode: 409,
      code: 'order_ended',
      message: `The order is ${order.status}: it can no longer change.`,
    };
  }
  return undefined;
};

/**
 * Applies a change to an order that has not been booked for shipping, as the step `eventId` of its
 * history. Items change only once the payment is confirmed (the refund of the difference needs a
 * payment, and the invoice fixes what is charged), and never to more than the customer pays now.
 */
export const modify = (
  order: StoredOrder,
  change: Change,
  { eventId, now, changedBy }: { eventId: string; now: Date; changedBy: 'customer' | 'operator' },
): Modification => {
  const closed = closedBecause(order);
  if (closed) return closed;
  const old = contentOf(order);
  let next: OrderContent;
  if ('items' in change) {
    if (order.status !== 'PAYMENT_CONFIRMED') {
      return {
        outcome: 'refused',
        statusCode: 409,
        code: 'payment_not_confirmed',
        message: `The order is ${order.status}: its items can change only once its payment is confirmed.`,
      };
    }
    if (change.items.total.amount > old.total.amount) {
      return {
        outcome: 'refused',
        statusCode: 422,
        code: 'total_raised',
        message: `The new items cost ${formatMoney(change.items.total)}, more than the ${formatMoney(old.total)} the customer paid: a change may not raise what the customer pays.`,
      };
    }
    next = { ...old, ...change.items };
  } else {
    next = { ...old, deliveryAddress: structuredClone(change.deliveryAddress) };
  }
  const changed = paths.filter((path) => !same(old[path], next[path]));
  if (changed.length === 0) return { outcome: 'unchanged' };
  const at = now.toISOString();
  const refund = old.total.amount - next.total.amount;
  const detail = changed.includes('items')
    ? `The items changed${refund > 0 ? `; ${formatMoney({ amount: refund, currency: old.total.currency })} comes back to you` : ''}.`
    : 'The delivery address changed.';
  return {
    outcome: 'modified',
    data: { old, new: next, changed, changedBy },
    order: {
      ...order,
      ...next,
      history: [...order.history, { status: 'ORDER_MODIFIED', at, eventId, detail }],
      updatedAt: at,
      version: order.version + 1,
    },
  };
};
