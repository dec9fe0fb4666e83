import { randomUUID } from 'node:crypto';
import { HttpError, json, type CallerRequest } from '@ecommerce/lambda-kit';
import { countFailedOrder } from '@ecommerce/observability';
import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventPublisher } from '@ecommerce/shared-events';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { orderPartition, type OrderRepository } from '../../adapters/order-repository.js';
import { cancel } from '../../domain/lifecycle.js';
import { customerView } from '../../domain/order.js';
import { mayChange } from '../../domain/access.js';
import { readOrderFor } from '../read-order.js';

export interface CancelOrderDependencies {
  orders: Pick<OrderRepository, 'get' | 'update'>;
  outbox: Pick<OutboxRelay, 'release'>;
  publisher: EventPublisher<'orders', 'ORDER_CANCELLED'>;
  newId?: () => string;
  now?: () => Date;
}

const maxAttempts = 5;

/**
 * POST /orders/{orderId}/cancel, by the order's customer. The cancellation and its ORDER_CANCELLED are written together,
 * over the version that was read: if the pipeline moved the order meanwhile, it is read again and
 * judged again, so an order that shipped in between is never cancelled.
 */
export const cancelOrder = async (
  { orders, outbox, publisher, newId = randomUUID, now = () => new Date() }: CancelOrderDependencies,
  request: Pick<CallerRequest, 'pathParameters' | 'caller'>,
): Promise<APIGatewayProxyResult> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await readOrderFor(orders, request);
    if (!mayChange(request.caller, order)) {
      throw new HttpError(403, 'forbidden', 'Only the customer who placed an order can cancel it.');
    }
    const eventId = newId();
    const decision = cancel(order, { eventId, now: now() });
    if (decision.outcome === 'already-cancelled') return json(200, customerView(order));
    if (decision.outcome === 'too-late') {
      throw new HttpError(409, 'order_not_cancellable', `The order is ${decision.status} and can no longer be cancelled.`);
    }
    const event = publisher.build({
      id: eventId,
      type: 'ORDER_CANCELLED',
      orderId: order.orderId,
      data: { cancelledBy: 'customer', reason: { code: 'customer_request', message: 'You cancelled the order.' } },
    });
    if (await orders.update(decision.order, order.version, event)) {
      countFailedOrder('CANCELLED');
      await outbox.release(orderPartition(order.orderId), event);
      return json(200, customerView(decision.order));
    }
  }
  throw new Error(`order kept changing while it was being cancelled; giving up after ${maxAttempts} attempts`);
};
