import type { InternalOrder } from '@ecommerce/api-client';
import type { EventData, OrderEvent } from '@ecommerce/shared-events';

/** What email knows of an order: whom to write to, and what was bought. */
export type OrderSummary = Pick<
  InternalOrder,
  'orderId' | 'customerEmail' | 'items' | 'subtotal' | 'delivery' | 'total' | 'deliveryAddress'
>;

/** What a customer may change on an order after placing it. */
export type OrderChanges = EventData<'ORDER_MODIFIED'>['changes'];

/** The summary an ORDER_CREATED carries: the order as it was bought. */
export const summaryOfCreated = ({ orderId, data }: OrderEvent<'ORDER_CREATED'>): OrderSummary => ({
  orderId,
  customerEmail: data.customerEmail,
  items: data.items,
  subtotal: data.subtotal,
  delivery: data.delivery,
  total: data.total,
  deliveryAddress: data.deliveryAddress,
});

/** The summary of an order read from orders: only what email needs (never the payment token). */
export const summaryOf = (order: InternalOrder): OrderSummary => ({
  orderId: order.orderId,
  customerEmail: order.customerEmail,
  items: order.items,
  subtotal: order.subtotal,
  delivery: order.delivery,
  total: order.total,
  deliveryAddress: order.deliveryAddress,
});
