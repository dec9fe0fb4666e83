import type { ParcelBookings } from '@ecommerce/api-client';
import { retryTransient } from '@ecommerce/lambda-kit';
import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventPublisher, OrderEvent } from '@ecommerce/shared-events';
import { CarrierUnavailableError, TransientCarrierError, type Carrier, type Booking } from '../../adapters/carrier.js';
import { shipmentPartition, type ShipmentRepository } from '../../adapters/shipment-repository.js';
import { bookingKey, parcelsOf } from '../../domain/shipment.js';

export interface ShipmentDependencies {
  shipments: ShipmentRepository;
  outbox: OutboxRelay;
  /** Orders' claim on an order before its parcel is booked. */
  orders: ParcelBookings;
  carrier: Carrier;
  publisher: EventPublisher<'shipment'>;
  now?: () => Date;
}

/**
 * Books the parcel of a paid order with the carrier, then announces SHIPPED with the tracking
 * number, or SHIPMENT_ERROR with the carrier's reason. One booking per order, however often the
 * payment is announced. Right before booking, orders is asked to claim the order for it: a
 * cancellation written first makes the claim fail and nothing is booked; one that comes later is
 * refused by orders (409 order_not_cancellable), so a customer is never both shipped and refunded.
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
    const claim = await orders.claim(orderId, { timeoutMs: deadline - Date.now() });
    // Cancelled while it was being paid for (order_not_bookable): nothing to send; billing refunds the payment.
    if (!claim.claimed) return;
    const { order } = claim;
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
      // claims it again. A timeout may have booked: the claim stays, and the next attempt's booking
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
