import { HttpError, json } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { OrderRepository } from '../../adapters/order-repository.js';
import { claimParcelBooking as claim, releaseParcelBooking as release } from '../../domain/lifecycle.js';
import { serviceView } from '../../domain/order.js';
import { readOrder } from '../read-order.js';

export interface ParcelBookingDependencies {
  orders: Pick<OrderRepository, 'get' | 'update'>;
  now?: () => Date;
}

const maxAttempts = 5;

/**
 * POST /internal/orders/{orderId}/parcel-booking, by shipment right before it books the parcel.
 * The claim is written over the version that was read: if a cancellation (or any event) moved the
 * order meanwhile, it is read again and judged again, so a cancellation written first always wins
 * (409 order_not_bookable), and one that comes after the claim is refused by the lifecycle.
 */
export const claimParcelBooking = async (
  { orders, now = () => new Date() }: ParcelBookingDependencies,
  request: Pick<APIGatewayProxyEvent, 'pathParameters'>,
): Promise<APIGatewayProxyResult> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await readOrder(orders, request);
    const decision = claim(order, { now: now() });
    if (decision.outcome === 'already-claimed') return json(200, serviceView(order));
    if (decision.outcome === 'not-bookable') {
      throw new HttpError(409, 'order_not_bookable', `The order is ${decision.status}; its parcel may not be booked.`);
    }
    if (await orders.update(decision.order, order.version)) return json(200, serviceView(decision.order));
  }
  throw new Error(`order kept changing while its parcel booking was being claimed; giving up after ${maxAttempts} attempts`);
};

/**
 * DELETE /internal/orders/{orderId}/parcel-booking, by shipment when the carrier said it booked
 * nothing. Releasing an order that is not claimed (a redelivered release) answers it as it is;
 * one whose parcel the carrier shipped or refused answers 409 order_not_releasable.
 */
export const releaseParcelBooking = async (
  { orders, now = () => new Date() }: ParcelBookingDependencies,
  request: Pick<APIGatewayProxyEvent, 'pathParameters'>,
): Promise<APIGatewayProxyResult> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await readOrder(orders, request);
    const decision = release(order, { now: now() });
    if (decision.outcome === 'not-claimed') return json(200, serviceView(order));
    if (decision.outcome === 'booked') {
      throw new HttpError(409, 'order_not_releasable', `The order is ${decision.status}; the carrier has decided on its parcel.`);
    }
    if (await orders.update(decision.order, order.version)) return json(200, serviceView(decision.order));
  }
  throw new Error(`order kept changing while its parcel booking was being released; giving up after ${maxAttempts} attempts`);
};
