import { count, countFailedOrder } from '@ecommerce/observability';
import type { OrderRepository } from '../../adapters/order-repository.js';
import type { OrderEvent } from '@ecommerce/shared-events';
import { progressEventTypes, recordProgress, type ProgressEvent } from '../../domain/lifecycle.js';
import { receiveReturn } from '../../domain/returns.js';

/** What trackOrder records: the steps of the lifecycle, and the arrival of a return. */
export const trackedEventTypes = [...progressEventTypes, 'RETURN_RECEIVED'] as const;

const maxAttempts = 10;

/**
 * Records an event in its order's status and history. Writes are conditional on the version read,
 * so concurrent events never overwrite each other: the loser reads the order again and retries.
 */
export const trackOrder = async (
  orders: OrderRepository,
  event: ProgressEvent | OrderEvent<'RETURN_RECEIVED'>,
): Promise<void> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await orders.get(event.orderId);
    // The order is stored before any event about it exists: failing lets the delivery be retried.
    if (!order) throw new Error(`${event.type} ${event.id} is about order ${event.orderId}, which does not exist`);
    const progress = event.type === 'RETURN_RECEIVED' ? receiveReturn(order, event) : recordProgress(order, event);
    // Orders writes a return before the carrier has its label: one it does not hold yet is retried.
    if (progress.changed === 'unknown')
      throw new Error(`RETURN_RECEIVED ${event.id} names a return order ${event.orderId} does not hold`);
    if (!progress.changed) return;
    if (await orders.update(progress.order, order.version)) {
      // Counted where the order changed, once, however often the event is delivered.
      // Fulfilled when delivered, as the reference counts it; shipped when the carrier booked it.
      if (event.type === 'SHIPPED') count('OrderShipped');
      if (event.type === 'DELIVERED') count('OrderFulfilled');
      if (event.type === 'PAYMENT_FAILED' || event.type === 'SHIPMENT_ERROR' || event.type === 'DELIVERY_FAILED')
        countFailedOrder(event.type);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
  }
  throw new Error(
    `order ${event.orderId} kept changing under ${event.type} ${event.id}; giving up after ${maxAttempts} attempts`,
  );
};
