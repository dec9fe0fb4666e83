import { HttpError, json } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { OrderRepository } from '../../adapters/order-repository.js';
import type { StoredOrder } from '../../domain/order.js';
import { lockForParcelBooking as lock, releaseParcelBooking as release } from '../../domain/lifecycle.js';
import { serviceView } from '../../domain/order.js';
import { readOrder } from '../../use-cases/read-order.js';

export interface ParcelBookingDependencies {
  orders: Pick<OrderRepository, 'get' | 'update'>;
  now?: () => Date;
}

const maxAttempts = 5;

/** What becomes of a request on the order as it was read: answered as it is, refused, or written. */
type Verdict = { answer: 'as-is' } | { refuse: HttpError } | { write: StoredOrder };

/**
 * Reads the order, judges it, and writes the verdict over the version that was read: if anything
 * moved the order meanwhile, it is read again and judged again.
 */
const judgeAndWrite = async (
  { orders, now = () => new Date() }: ParcelBookingDependencies,
  request: Pick<APIGatewayProxyEvent, 'pathParameters'>,
  what: string,
  judge: (order: StoredOrder, now: Date) => Verdict,
): Promise<APIGatewayProxyResult> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await readOrder(orders, request);
    const verdict = judge(order, now());
    if ('answer' in verdict) return json(200, serviceView(order));
    if ('refuse' in verdict) throw verdict.refuse;
    if (await orders.update(verdict.write, order.version)) return json(200, serviceView(verdict.write));
  }
  throw new Error(`order kept changing while its parcel booking was being ${what}; giving up after ${maxAttempts} attempts`);
};

/**
 * POST /internal/orders/{orderId}/parcel-booking, by shipment right before it books the parcel.
 * A cancellation written first always wins (409 order_not_bookable), and one that comes after the
 * lock is refused by the lifecycle. An order not paid yet answers 409 payment_not_recorded.
 */
export const lockForParcelBooking = (
  dependencies: ParcelBookingDependencies,
  request: Pick<APIGatewayProxyEvent, 'pathParameters'>,
) =>
  judgeAndWrite(dependencies, request, 'locked', (order, now): Verdict => {
    const decision = lock(order, { now });
    if (decision.outcome === 'already-locked') return { answer: 'as-is' };
    if (decision.outcome === 'not-paid-yet') {
      return {
        refuse: new HttpError(409, 'payment_not_recorded', `The order is ${decision.status}; it is not paid yet.`),
      };
    }
    if (decision.outcome === 'not-bookable') {
      return {
        refuse: new HttpError(409, 'order_not_bookable', `The order is ${decision.status}; its parcel may not be booked.`),
      };
    }
    return { write: decision.order };
  });

/**
 * DELETE /internal/orders/{orderId}/parcel-booking, by shipment when the carrier said it booked
 * nothing. Releasing an order that is not locked (a redelivered release) answers it as it is;
 * one whose parcel the carrier shipped or refused answers 409 order_not_releasable.
 */
export const releaseParcelBooking = (
  dependencies: ParcelBookingDependencies,
  request: Pick<APIGatewayProxyEvent, 'pathParameters'>,
) =>
  judgeAndWrite(dependencies, request, 'released', (order, now): Verdict => {
    const decision = release(order, { now });
    if (decision.outcome === 'not-locked') return { answer: 'as-is' };
    if (decision.outcome === 'booked') {
      return {
        refuse: new HttpError(
          409,
          'order_not_releasable',
          `The order is ${decision.status}; the carrier has decided on its parcel.`,
        ),
      };
    }
    return { write: decision.order };
  });
