import type { InternalOrder } from '@ecommerce/api-client';
import type { EventData, OrderEvent } from '@ecommerce/shared-events';

/** What email knows of an order: whom to write to, and what was bought. */
export type OrderSummary = Pick<
  InternalOrder,
  'orderId' | 'customerEmail' | 'items' | 'subtotal' | 'delivery' | 'total' | 'deliveryAddress'
>;

/** What a customer may change on an order after placing it. */
export type OrderChanges = EventData<'ORDER_MODIFIED'>['changes'];

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
}: OrderSummary): OrderSummary => ({
  orderId,
  customerEmail,
  items,
  subtotal,
  delivery,
  total,
  deliveryAddress,
});

/** The summary an ORDER_CREATED carries: the order as it was bought. */
export const summaryOfCreated = ({ orderId, data }: OrderEvent<'ORDER_CREATED'>): OrderSummary => summaryOf({ orderId, ...data });
