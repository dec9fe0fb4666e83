import type { InternalOrder } from '@ecommerce/api-client';
import type { EventData, OrderEvent } from '@ecommerce/shared-events';

/**
 * Email's copy of an order: whom to write to, and what was bought. Not the API's `OrderSummary`
 * (a row of `GET /orders`); see docs/glossary.md.
 */
export type OrderCopy = Pick<
  InternalOrder,
  'orderId' | 'customerEmail' | 'items' | 'subtotal' | 'delivery' | 'total' | 'deliveryAddress'
>;

/** What may change on an order after it was placed: its address (and, in version 1, e-mail), its items and their money. */
export type OrderChanges = Partial<
  Pick<OrderCopy, 'customerEmail' | 'deliveryAddress' | 'items' | 'subtotal' | 'delivery' | 'total'>
>;

/**
 * The changes an ORDER_MODIFIED carries, of either version: version 1 names the new values, version
 * 2 has the order before and after, and the paths that changed.
 */
export const changesOf = (event: OrderEvent<'ORDER_MODIFIED'>): OrderChanges => {
  if (event.version === 1) return event.data.changes;
  const { new: after, changed } = event.data;
  return {
    ...(changed.includes('deliveryAddress') ? { deliveryAddress: after.deliveryAddress } : {}),
    ...(changed.includes('items')
      ? { items: after.items, subtotal: after.subtotal, delivery: after.delivery, total: after.total }
      : {}),
  };
};

/** What goes back to the customer after a change: what they paid before it minus what they pay after (never below zero). */
export const refundOf = (data: EventData<'ORDER_MODIFIED'>) => ({
  amount: Math.max(0, data.old.total.amount - data.new.total.amount),
  currency: data.new.total.currency,
});

/**
 * Only what email needs of anything that holds an order's summary: an order read from orders (never
 * its payment token), a stored summary (not its times), an ORDER_CREATED's payload.
 */
export const summaryOf = ({
  orderId,
  customerEmail,
  items,
  subtotal,
  delivery,
  total,
  deliveryAddress,
}: OrderCopy): OrderCopy => ({
  orderId,
  customerEmail,
  items,
  subtotal,
  delivery,
  total,
  deliveryAddress,
});

/** The summary an ORDER_CREATED carries: the order as it was bought. */
export const summaryOfCreated = ({ orderId, data }: OrderEvent<'ORDER_CREATED'>): OrderCopy => summaryOf({ orderId, ...data });
