import { randomUUID } from 'node:crypto';
import type { Return, ReturnRequest } from '@ecommerce/api-client';
import { HttpError, json, type CallerRequest, type JsonRequest } from '@ecommerce/lambda-kit';
import type { EventBuilder } from '@ecommerce/shared-events';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { CarrierReturns } from '../../adapters/carrier-returns.js';
import type { OrderRepository } from '../../adapters/order-repository.js';
import { mayChange } from '../../domain/access.js';
import { checkReturn, withReturn } from '../../domain/returns.js';
import { readOrderFor } from '../../use-cases/read-order.js';

export interface RequestReturnDependencies {
  orders: Pick<OrderRepository, 'get' | 'update'>;
  carrier: CarrierReturns;
  events: EventBuilder<'orders', 'RETURN_REQUESTED'>;
  /** How long after its delivery an order may be sent back. */
  windowSeconds: number;
  newId?: () => string;
  newEventId?: () => string;
  now?: () => Date;
}

const maxAttempts = 5;

/**
 * POST /orders/{orderId}/returns, by the order's customer: checked against the order as read, the
 * carrier's label booked under the return's id, then the return and its RETURN_REQUESTED (email sends
 * the label) written together over the version read; an order that changed meanwhile (another return)
 * is judged again, and the same label kept.
 */
export const requestReturn = async (
  {
    orders,
    carrier,
    events,
    windowSeconds,
    newId = () => `ret-${randomUUID()}`,
    newEventId = randomUUID,
    now = () => new Date(),
  }: RequestReturnDependencies,
  request: CallerRequest<JsonRequest<ReturnRequest>>,
): Promise<APIGatewayProxyResult> => {
  const returnId = newId();
  let label: Return['label'] | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await readOrderFor(orders, request);
    if (!mayChange(request.caller, order))
      throw new HttpError(403, 'forbidden', 'Only the customer who placed an order can send it back.');
    const check = checkReturn(order, request.body, { now: now(), windowSeconds });
    if (check.outcome === 'refused') throw new HttpError(check.statusCode, check.code, check.message, check.details);
    label ??= await carrier.book({ reference: order.orderId, returnId });
    const ret: Return = {
      returnId,
      status: 'REQUESTED',
      items: request.body.items.map(({ productId, quantity }) => ({ productId, quantity })),
      reason: request.body.reason,
      requestedAt: now().toISOString(),
      label,
    };
    const event = events.build({
      id: newEventId(),
      type: 'RETURN_REQUESTED',
      orderId: order.orderId,
      data: { returnId, items: ret.items, label },
    });
    if (await orders.update(withReturn(order, ret), order.version, event)) return json(201, ret);
  }
  throw new Error(`order kept changing while a return was requested; giving up after ${maxAttempts} attempts`);
};
