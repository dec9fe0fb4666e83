import { countFailedOrder } from '@ecommerce/observability';
import type { EventData, EventBuilder } from '@ecommerce/shared-events';
import type { OrderRepository } from '../adapters/order-repository.js';
import { cancel, type Cancellation, type CancellationReason } from '../domain/lifecycle.js';
import type { StoredOrder } from '../domain/order.js';

export interface CancellationDependencies {
  orders: Pick<OrderRepository, 'update'>;
  events: EventBuilder<'orders', 'ORDER_CANCELLED'>;
}

/**
 * One attempt at cancelling an order as it was read: the cancellation and its ORDER_CANCELLED are
 * written together, over the version that was read; the table's stream publishes the event (relay-outbox-stream). `conflict` when
 * the order changed meanwhile: read it again and judge again. Whoever cancels (the customer over
 * HTTP, the sweep of stalled orders) goes through here, so billing refunds, shipment books nothing
 * and email tells the customer the same way.
 */
export const writeCancellation = async (
  { orders, events }: CancellationDependencies,
  order: StoredOrder,
  {
    eventId,
    now,
    cancelledBy,
    reason,
  }: { eventId: string; now: Date; cancelledBy: EventData<'ORDER_CANCELLED'>['cancelledBy']; reason: CancellationReason },
): Promise<Cancellation | { outcome: 'conflict' }> => {
  const decision = cancel(order, { eventId, now, reason });
  if (decision.outcome !== 'cancelled') return decision;
  const event = events.build({ id: eventId, type: 'ORDER_CANCELLED', orderId: order.orderId, data: { cancelledBy, reason } });
  if (!(await orders.update(decision.order, order.version, event))) return { outcome: 'conflict' };
  countFailedOrder('CANCELLED');
  return decision;
};
