import { randomUUID } from 'node:crypto';
import { HttpError, json, type CallerRequest } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { OrderRepository } from '../../adapters/order-repository.js';
import { customerRequest } from '../../domain/lifecycle.js';
import { customerView } from '../../domain/order.js';
import { mayChange } from '../../domain/access.js';
import { writeCancellation, type CancellationDependencies } from '../../use-cases/cancellation.js';
import { readOrderFor } from '../../use-cases/read-order.js';

export interface CancelOrderDependencies extends CancellationDependencies {
  orders: Pick<OrderRepository, 'get' | 'update'>;
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
  { newId = randomUUID, now = () => new Date(), ...dependencies }: CancelOrderDependencies,
  request: Pick<CallerRequest, 'pathParameters' | 'caller'>,
): Promise<APIGatewayProxyResult> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await readOrderFor(dependencies.orders, request);
    if (!mayChange(request.caller, order)) {
      throw new HttpError(403, 'forbidden', 'Only the customer who placed an order can cancel it.');
    }
    const decision = await writeCancellation(dependencies, order, {
      eventId: newId(),
      now: now(),
      cancelledBy: 'customer',
      reason: customerRequest,
    });
    if (decision.outcome === 'already-cancelled') return json(200, customerView(order));
    if (decision.outcome === 'too-late') {
      throw new HttpError(409, 'order_not_cancellable', `The order is ${decision.status} and can no longer be cancelled.`);
    }
    if (decision.outcome === 'cancelled') return json(200, customerView(decision.order));
  }
  throw new Error(`order kept changing while it was being cancelled; giving up after ${maxAttempts} attempts`);
};
