import { retryTransient } from '@ecommerce/lambda-kit';
import type { OrderEvent } from '@ecommerce/shared-events';
import { CarrierUnavailableError, TransientCarrierError, type Booking } from '../../adapters/carrier.js';
import { shipmentPartition } from '../../adapters/shipment-repository.js';
import { bookingKey, parcelsOf } from '../../domain/shipment.js';
import type { ShipmentDependencies } from '../../use-cases/shipment-dependencies.js';

/** Orders' answer to a lock on an order it does not hold paid yet (its PAYMENT_CONFIRMED may be on its way there). */
const paymentNotRecorded = 'payment_not_recorded';
class NotPaidYet extends Error {}
/**
 * How long shipment asks orders again before it fails the invocation for Lambda's retry: orders
 * records a real PAYMENT_CONFIRMED in tens of milliseconds, and the carrier still needs its time.
 */
const maxWaitForPaymentMs = 10_000;

/**
 * Books the parcel of a paid order with the carrier, then announces SHIPPED with the tracking
 * number, or SHIPMENT_ERROR with the carrier's reason. One booking per order, however often the
 * payment is announced. Right before booking, orders is asked to lock the order for it: a
 * cancellation written first makes the lock fail and nothing is booked; one that comes later is
 * refused by orders (409 order_not_cancellable), so a customer is never both shipped and refunded.
 * Orders locks only an order it holds paid: the PAYMENT_CONFIRMED that sent shipment here is a
 * reason to ask, not proof; one for an order whose payment failed books nothing.
 */
export const bookShipment = async (
  { shipments, outbox, orders, carrier, publisher, now = () => new Date() }: ShipmentDependencies,
  payment: OrderEvent<'PAYMENT_CONFIRMED'>,
  budgetMs: number,
): Promise<void> => {
  const { orderId } = payment;
  const deadline = Date.now() + budgetMs;
  let stored: OrderEvent | undefined;
  if (!(await shipments.get(orderId))) {
    const lock = await retryTransient(
      async () => {
        const answer = await orders.lock(orderId, { timeoutMs: deadline - Date.now() });
        if (!answer.locked && answer.code === paymentNotRecorded)
          throw new NotPaidYet(`orders does not hold order ${orderId} paid yet`);
        return answer;
      },
      { isTransient: (error) => error instanceof NotPaidYet, budgetMs: Math.min(maxWaitForPaymentMs, deadline - Date.now()) },
    );
    // Cancelled while it was being paid for, or its payment failed (order_not_bookable): nothing to
    // send; billing refunds a payment it took.
    if (!lock.locked) return;
    const { order } = lock;
    let booking: Booking;
    try {
      booking = await retryTransient(
        () =>
          carrier.book({
            reference: orderId,
            recipient: order.deliveryAddress,
            parcels: parcelsOf(order),
            idempotencyKey: bookingKey(orderId),
          }),
        { isTransient: (error) => error instanceof TransientCarrierError, budgetMs: deadline - Date.now() },
      );
    } catch (error) {
      // The carrier booked nothing: the order is given back, so that it can be changed, cancelled or
      // found stalled while the carrier is down, and the next attempt (Lambda's retry, a redrive)
      // locks it again. A timeout may have booked: the lock stays, and the next attempt's booking
      // under the same idempotency key finds that parcel.
      if (error instanceof CarrierUnavailableError) await orders.release(orderId, { timeoutMs: deadline - Date.now() });
      throw error;
    }
    const updatedAt = now().toISOString();
    if (booking.booked) {
      const { shipmentId, carrier: carrierName, trackingNumber } = booking;
      const event = publisher.build({
        type: 'SHIPPED',
        orderId,
        causationId: payment.id,
        data: { shipmentId, carrier: carrierName, trackingNumber },
      });
      if (
        await shipments.create({ orderId, status: 'booked', shipmentId, carrier: carrierName, trackingNumber, updatedAt }, event)
      )
        stored = event;
    } else {
      const event = publisher.build({
        type: 'SHIPMENT_ERROR',
        orderId,
        causationId: payment.id,
        data: { reason: { code: booking.code, message: booking.message } },
      });
      if (await shipments.create({ orderId, status: 'refused', updatedAt }, event)) stored = event;
    }
  }
  await outbox.settle(shipmentPartition(orderId), stored);
};
